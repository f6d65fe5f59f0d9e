package org.ikd.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.spd.SpdRule;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.ProtectedPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy as SPD, routes and nftables see it. Expected values follow the policy reference
 * (docs/policy-reference.md) and RFC 4301 §4.4.1: negotiate = PROTECT, permit = BYPASS,
 * block = DISCARD; mirrored filters appear in both directions.
 */
class PolicyTranslationTest {
    @TempDir
    Path dir;

    private PolicyTranslation translate(String rules) throws Exception {
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host(rules));
        return PolicyTranslation.of(p.policy(), p.meAddresses());
    }

    private static final String ESP = """
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" } ]
            """;

    @Test
    void transportRuleRoutesThePeerHostButNeverOurOwnAddress() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        assertEquals(Set.of(IpPrefix.parse("198.18.0.2/32")), t.routes());
        assertEquals(1, t.spdRules().size());
        SpdRule r = t.spdRules().get(0);
        assertEquals(SpdRule.Action.NEGOTIATE, r.action());
        assertEquals(2, r.selectors().size(), "a mirrored filter is expanded in both directions: " + r.selectors());
        assertEquals(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.0.2/32"))), t.enforcement().peers());
        // the route's src is our address of the rule (local-addresses), the selector's source
        assertEquals(java.util.Map.of(IpPrefix.parse("198.18.0.2/32"), java.net.InetAddress.getByName("198.18.0.1")),
                t.preferredSources());
    }

    @Test
    void tunnelRuleRoutesTheRemoteSubnet() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.net]
            filters = [ { source = "198.19.1.0/24", destination = "198.19.2.0/24" } ]
            [[rules]]
            name = "net"
            filter-list = "net"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            tunnel = "198.18.0.2"
            """);
        assertTrue(t.routes().contains(IpPrefix.parse("198.19.2.0/24")), t.routes().toString());
        assertTrue(t.enforcement().peers().contains(ProtectedPeer.allTraffic(IpPrefix.parse("198.19.2.0/24"))),
                t.enforcement().toString());
        assertTrue(t.preferredSources().isEmpty(), "a subnet source names no address of ours: " + t.preferredSources());
        assertEquals(Set.of(IpPrefix.parse("198.19.2.0/24")), t.routes(), "never the local subnet");
        assertEquals(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.19.2.0/24"))), t.enforcement().peers());
    }

    private static final String SITE_TO_SITE = ESP + """
            [filter-lists.branch-2]
            filters = [ { source = "198.18.10.0/24", destination = "198.18.20.0/24" } ]
            [[rules]]
            name = "branch-2"
            filter-list = "branch-2"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            tunnel = { remote = "198.18.1.1", local = "198.18.0.1" }
            """;

    @Test
    void aMirroredSiteToSiteFilterRoutesAndEnforcesOnlyTheRemoteLan() throws Exception {
        // Gateway A (WAN 198.18.0.1, LAN 198.18.10.1/24): "my LAN -> their LAN, mirrored" protects both
        // directions (the SPD holds both selectors), but only their LAN goes into ikd0 and only
        // cleartext from their LAN is dropped; routing my own LAN into ikd0 cuts it off this gateway.
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host(SITE_TO_SITE));
        PolicyTranslation t = PolicyTranslation.of(p.policy(), p.meAddresses(),
                List.of(TestPolicies.ip("198.18.0.1"), TestPolicies.ip("198.18.10.1")));
        assertEquals(Set.of(IpPrefix.parse("198.18.20.0/24")), t.routes());
        assertEquals(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.20.0/24"))), t.enforcement().peers());
        assertEquals(2, t.spdRules().get(0).selectors().size(), t.spdRules().toString());
        // the gateway's own packets to their LAN leave from its LAN address, inside the local selector
        assertEquals(java.util.Map.of(IpPrefix.parse("198.18.20.0/24"), TestPolicies.ip("198.18.10.1")), t.preferredSources());
    }

    @Test
    void aSiteToSiteRouteHasNoPreferredSourceWhenNoHostAddressIsInTheLocalLan() throws Exception {
        PolicyTranslation t = translate(SITE_TO_SITE);
        assertEquals(Set.of(IpPrefix.parse("198.18.20.0/24")), t.routes());
        assertTrue(t.preferredSources().isEmpty(), t.preferredSources().toString());
    }

    @Test
    void aFilterWrittenFromThePeerToUsStillRoutesOnlyThePeer() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.b]
            filters = [ { source = "198.18.0.2", destination = "me", protocol = "tcp", destination-port = 22 } ]
            [[rules]]
            name = "ssh-from-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        assertEquals(Set.of(IpPrefix.parse("198.18.0.2/32")), t.routes());
        // inbound, the written destination port 22 is our local port
        assertEquals(List.of(new ProtectedPeer(IpPrefix.parse("198.18.0.2/32"), 6, ProtectedPeer.Ports.of(22))),
                t.enforcement().peers());
        assertEquals(java.util.Map.of(IpPrefix.parse("198.18.0.2/32"), TestPolicies.ip("198.18.0.1")), t.preferredSources());
    }

    @Test
    void anUnmirroredInboundFilterEnforcesThePeerButRoutesNothing() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.b]
            filters = [ { source = "198.18.0.2", destination = "me", mirrored = false } ]
            [[rules]]
            name = "from-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        assertTrue(t.routes().isEmpty(), t.routes().toString());
        assertEquals(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.0.2/32"))), t.enforcement().peers());
    }

    @Test
    void permitRulesAreNeitherRoutedNorEnforcedAndComeInFileOrder() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.ssh]
            filters = [ { source = "me", destination = "198.18.0.2", protocol = "tcp", destination-port = 22 } ]
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "ssh"
            filter-list = "ssh"
            filter-action = "permit"
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        assertEquals(List.of("ssh", "to-b"), t.spdRules().stream().map(SpdRule::name).toList());
        assertEquals(SpdRule.Action.PERMIT, t.spdRules().get(0).action());
        assertTrue(t.spdRules().get(0).order() < t.spdRules().get(1).order());
        assertEquals(1, t.enforcement().peers().size(), "only the negotiate rule protects: " + t.enforcement());
    }

    @Test
    void aPermitRuleAboveANegotiateRuleLetsItsInboundTrafficInTheClear() throws Exception {
        // Windows' "Secure Server": permit ICMP, then require security for everything else with B;
        // B's echo replies must pass nftables, as the first matching rule (permit) says
        PolicyTranslation t = translate(ESP + """
            [filter-lists.icmp]
            filters = [ { source = "me", destination = "198.18.0.2", protocol = "icmp" } ]
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "ping"
            filter-list = "icmp"
            filter-action = "permit"
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        assertEquals(List.of(new ProtectedPeer(IpPrefix.parse("198.18.0.2/32"), 1, ProtectedPeer.Ports.ANY)),
                t.enforcement().exempt());
        assertEquals(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.0.2/32"))), t.enforcement().peers());
    }

    @Test
    void aPermitRuleBelowTheNegotiateRuleThatShadowsItExemptsNothing() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.icmp]
            filters = [ { source = "me", destination = "198.18.0.2", protocol = "icmp" } ]
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            [[rules]]
            name = "ping"
            filter-list = "icmp"
            filter-action = "permit"
            """);
        assertTrue(t.enforcement().exempt().isEmpty(), t.enforcement().toString());
    }

    @Test
    void blockRulesAreRoutedSoTheirPacketsCanBeDropped() throws Exception {
        PolicyTranslation t = translate("""
            [filter-lists.bad]
            filters = [ { source = "me", destination = "198.18.7.0/24", mirrored = false } ]
            [[rules]]
            name = "bad"
            filter-list = "bad"
            filter-action = "block"
            """);
        assertEquals(Set.of(IpPrefix.parse("198.18.7.0/24")), t.routes());
        assertEquals(SpdRule.Action.BLOCK, t.spdRules().get(0).action());
        assertTrue(t.enforcement().peers().isEmpty(), "blocking is the SPD's job, not nftables'");
    }

    @Test
    void acceptUnsecuredLeavesThePeerOutOfInboundEnforcement() throws Exception {
        PolicyTranslation t = translate("""
            [filter-actions.soft]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" } ]
            accept-unsecured = true
            fallback-to-clear = true
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "soft"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        assertTrue(t.enforcement().peers().isEmpty(), t.enforcement().toString());
        assertTrue(t.spdRules().get(0).acceptUnsecured() && t.spdRules().get(0).fallbackToClear());
        assertEquals(Set.of(IpPrefix.parse("198.18.0.2/32")), t.routes());
    }

    @Test
    void portFiltersProtectOnlyThoseLocalPorts() throws Exception {
        PolicyTranslation t = translate(ESP + """
            [filter-lists.web]
            filters = [ { source = "me", source-port = 80, destination = "198.18.0.2", protocol = "tcp" } ]
            [[rules]]
            name = "web"
            filter-list = "web"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """);
        // Inbound, our source port 80 is the local port the peer's packets go to.
        assertEquals(List.of(new ProtectedPeer(IpPrefix.parse("198.18.0.2/32"), 6, ProtectedPeer.Ports.of(80))),
                t.enforcement().peers());
    }
}
