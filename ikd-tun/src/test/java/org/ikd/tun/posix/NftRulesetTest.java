package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.ProtectedPeer;
import org.junit.jupiter.api.Test;

/**
 * Rendering against scripts written from nft(8) (sections RULESET, CHAINS, PAYLOAD EXPRESSIONS:
 * {@code ip saddr}, {@code meta l4proto}, {@code th dport}); each was loaded with nft 1.0.6 in a scratch
 * namespace, which listed it back as "meta l4proto { esp, ah }" and "tcp dport 80-90"; the ND and MLD
 * accepts as "icmpv6 type { nd-router-solicit, ..., nd-redirect } ip6 hoplimit 255" and
 * "icmpv6 type { mld-listener-query, ..., mld2-listener-report } ip6 hoplimit 1"; the fragment rules (IPV4 HEADER EXPRESSION {@code frag-off},
 * EXTENSION HEADER EXPRESSIONS {@code frag frag-off}, FIB EXPRESSIONS) as "ip frag-off & 8191 != 0 meta l4proto
 * udp fib daddr type local counter packets 0 bytes 0 accept" and "frag frag-off != 0 meta l4proto udp ...",
 * and {@code nft --debug=netlink} showed each guarded by {@code meta nfproto} (ipv4, ipv6).
 */
class NftRulesetTest {
    /** RFC 4861 §4 ND types 133-137 at hop limit 255 (§7.1.1); MLD types 130-132 (RFC 2710 §3), 143 (RFC 3810 §5) at 1. */
    private static final String NEIGHBOUR_DISCOVERY_AND_MLD = "\t\ticmpv6 type { 133, 134, 135, 136, 137 } ip6 hoplimit 255 accept\n"
            + "\t\ticmpv6 type { 130, 131, 132, 143 } ip6 hoplimit 1 accept\n";

    private final NftRuleset ruleset = new NftRuleset("ikd", "ikd0");

    @Test
    void replacesTableInOneTransactionWithExemptionsBeforeDrops() {
        InboundEnforcement e = new InboundEnforcement(List.of(
                ProtectedPeer.allTraffic(IpPrefix.parse("198.18.2.0/24")),
                new ProtectedPeer(IpPrefix.parse("198.18.3.1"), 6, new ProtectedPeer.Ports(80, 90))));
        assertEquals("""
                table inet ikd {
                }
                flush table inet ikd
                table inet ikd {
                \tchain forward {
                \t\ttype filter hook forward priority -150; policy accept;
                \t\toifname "ikd0" tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu
                \t}
                \tchain prerouting {
                \t\ttype filter hook prerouting priority -300; policy accept;
                \t\tiifname "ikd0" accept
                \t\tmeta l4proto { 50, 51 } accept
                \t\tudp dport { 500, 4500 } accept
                \t\tip frag-off & 0x1fff != 0 meta l4proto 17 fib daddr type local counter accept
                \t\tfrag frag-off != 0 meta l4proto 17 fib daddr type local counter accept
                \t\ticmpv6 type { 133, 134, 135, 136, 137 } ip6 hoplimit 255 accept
                \t\ticmpv6 type { 130, 131, 132, 143 } ip6 hoplimit 1 accept
                \t\tip saddr 198.18.2.0/24 counter drop
                \t\tip saddr 198.18.3.1/32 meta l4proto 6 th dport 80-90 counter drop
                \t}
                }
                """, ruleset.replace(e));
    }

    @Test
    void rendersAnEmptyEnforcementAsExemptionsOnly() {
        String script = ruleset.replace(InboundEnforcement.none());
        assertEquals("\t\tudp dport { 500, 4500 } accept\n" + NftRuleset.FRAGMENTS + NEIGHBOUR_DISCOVERY_AND_MLD + "\t}\n}\n",
                script.substring(script.indexOf("\t\tudp")));
    }

    @Test
    void rendersExemptFlowsAsAcceptsBeforeTheDrops() {
        InboundEnforcement e = new InboundEnforcement(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.0.2/32"))),
                List.of(new ProtectedPeer(IpPrefix.parse("198.18.0.2/32"), 1, ProtectedPeer.Ports.ANY)));
        String script = new NftRuleset("ikd", "ikd0").replace(e);
        assertEquals("\t\tudp dport { 500, 4500 } accept\n" + NftRuleset.FRAGMENTS + NEIGHBOUR_DISCOVERY_AND_MLD
                + "\t\tip saddr 198.18.0.2/32 meta l4proto 1 accept\n"
                + "\t\tip saddr 198.18.0.2/32 counter drop\n\t}\n}\n", script.substring(script.indexOf("\t\tudp")));
    }

    /**
     * RFC 791 §3.1: the fragment offset is the low 13 bits of the flags/offset word, non-zero in every
     * fragment but the first; RFC 8200 §4.5: the Fragment header's 13-bit offset, likewise. Only UDP,
     * only to a local address, and ahead of the drops.
     */
    @Test
    void letsInNonFirstUdpFragmentsToThisHostAheadOfTheDrops() {
        String script = ruleset.replace(new InboundEnforcement(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("2001:2::2/128")))));
        String fragments = "\t\tip frag-off & 0x1fff != 0 meta l4proto 17 fib daddr type local counter accept\n"
                + "\t\tfrag frag-off != 0 meta l4proto 17 fib daddr type local counter accept\n";
        assertTrue(script.contains("\t\tudp dport { 500, 4500 } accept\n" + fragments), script);
        assertTrue(script.indexOf(fragments) < script.indexOf(" drop\n"), script);
    }

    @Test
    void acceptsNeighbourDiscoveryAndMldBeforeTheDropsOfAnIpv6Peer() {
        String script = ruleset.replace(new InboundEnforcement(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("2001:2::2/128")))));
        int nd = script.indexOf(NEIGHBOUR_DISCOVERY_AND_MLD);
        int drop = script.indexOf("\t\tip6 saddr 2001:2:");
        assertTrue(nd > 0 && drop > nd, script);
        assertTrue(script.substring(drop).endsWith(" counter drop\n\t}\n}\n"), script);
    }

    @Test
    void rendersIpv6PeerWithIp6SaddrAndSinglePort() {                // the prefix as nft list ruleset prints it (RFC 5952)
        assertEquals("ip6 saddr 2001:db8::/32 meta l4proto 17 th dport 53 counter drop",
                NftRuleset.drop(new ProtectedPeer(IpPrefix.parse("2001:db8::/32"), 17, ProtectedPeer.Ports.of(53))));
    }

    @Test
    void rendersProtocolWithoutPorts() {
        assertEquals("ip saddr 198.18.4.0/24 meta l4proto 1 counter drop",
                NftRuleset.drop(new ProtectedPeer(IpPrefix.parse("198.18.4.0/24"), 1, ProtectedPeer.Ports.ANY)));
    }

    @Test
    void deletesByDeclaringFirstSoThatAMissingTableIsNoError() {
        assertEquals("table inet ikd {\n}\ndelete table inet ikd\n", ruleset.delete());
    }

    @Test
    void rejectsNamesThatWouldInjectNftSyntax() {
        assertThrows(IllegalArgumentException.class, () -> new NftRuleset("ikd; flush ruleset", "ikd0"));
        assertThrows(IllegalArgumentException.class, () -> new NftRuleset("ikd", "ikd0\" accept"));
    }
}
