package org.ikd.tun.posix;

import java.util.regex.Pattern;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpFamily;
import org.ikd.tun.ProtectedPeer;

/**
 * Renders {@link InboundEnforcement} as nft(8) scripts for one {@code inet} table that ikd owns.
 *
 * <p>One chain on the prerouting hook at the raw priority (-300: before conntrack, so dropped
 * cleartext leaves no conntrack entry), policy accept. In order: what ikd delivers through its TUN
 * device passes; ESP (50), AH (51) and IKE (UDP 500, 4500) pass; so do the IP fragments IKE needs
 * ({@link #FRAGMENTS}), IPv6 neighbour discovery and MLD ({@link #NEIGHBOUR_DISCOVERY}); then one
 * accept per exempt flow (a permit rule above the protecting one); then one counted drop per
 * protected peer. Replacing is one transaction: declare the table (a no-op if it exists), flush it,
 * declare the chain and its rules; deleting declares then deletes, so both are idempotent.
 *
 * <p>Before it, one chain on the forward hook clamps the MSS of TCP SYNs forwarded into the TUN.
 */
public final class NftRuleset {
    private static final Pattern TABLE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    /**
     * Non-first IP fragments of UDP addressed to this host (RFC 791 §3.1 fragment offset; RFC 8200
     * §4.5 Fragment header), e.g. the tail of a 4 kB Main Mode 1. They carry no UDP header, so the IKE
     * rule cannot match them, and unless conntrack runs in the namespace nothing reassembles before
     * this hook (nf_defrag, priority -400, is registered only with conntrack; a {@code ct} rule here
     * would track and reassemble all of the host's traffic, forwarded too). The host reassembles them
     * itself (IPv4 in ip_local_deliver, IPv6 after the input hook), and the datagram takes protocol
     * and ports from its first fragment, which the other rules still judge: a fragment whose first
     * fragment was dropped never reaches a socket, the stack discards it when reassembly times out.
     * No later fragment can rewrite the ports (offsets count 8-byte units; Linux discards overlaps,
     * RFC 5722). Forwarded fragments are not exempt: this host does not reassemble them.
     */
    static final String FRAGMENTS = """
            \t\tip frag-off & 0x1fff != 0 meta l4proto 17 fib daddr type local counter accept
            \t\tfrag frag-off != 0 meta l4proto 17 fib daddr type local counter accept
            """;

    /**
     * IPv6 neighbour discovery (RFC 4861 §4: 133-137) and multicast listener discovery (RFC 2710 §3:
     * 130-132, RFC 3810 §5: 143) always pass, before any drop: without them a cold neighbour cache never
     * resolves the peer and not even IKE leaves. RFC 4301 §4.4.1 lets a policy bypass IPsec by ICMPv6
     * type, and ND cannot be protected by SAs whose endpoints it has yet to resolve. Only packets no
     * router forwarded pass: ND is sent with hop limit 255 (RFC 4861 §7.1.1), MLD with 1 (RFC 3810 §5).
     */
    static final String NEIGHBOUR_DISCOVERY = "icmpv6 type { 133, 134, 135, 136, 137 } ip6 hoplimit 255";
    static final String MULTICAST_LISTENER_DISCOVERY = "icmpv6 type { 130, 131, 132, 143 } ip6 hoplimit 1";

    private final String table;
    private final String tunName;

    public NftRuleset(String table, String tunName) {
        if (!TABLE.matcher(table).matches()) throw new IllegalArgumentException("nft table '" + table + "'");
        if (!IFNAME.matcher(tunName).matches()) throw new IllegalArgumentException("interface '" + tunName + "'");
        this.table = table;
        this.tunName = tunName;
    }

    /** Creates the table, or replaces its rules atomically. */
    public String replace(InboundEnforcement enforcement) {
        StringBuilder s = new StringBuilder()
                .append("table inet ").append(table).append(" {\n}\n")
                .append("flush table inet ").append(table).append('\n')
                .append("table inet ").append(table).append(" {\n")
                .append(mssClamp())
                .append("\tchain prerouting {\n")
                .append("\t\ttype filter hook prerouting priority -300; policy accept;\n")
                .append("\t\tiifname \"").append(tunName).append("\" accept\n")
                .append("\t\tmeta l4proto { 50, 51 } accept\n")
                .append("\t\tudp dport { 500, 4500 } accept\n")
                .append(FRAGMENTS)
                .append("\t\t").append(NEIGHBOUR_DISCOVERY).append(" accept\n")
                .append("\t\t").append(MULTICAST_LISTENER_DISCOVERY).append(" accept\n");
        for (ProtectedPeer flow : enforcement.exempt()) s.append("\t\t").append(match(flow)).append(" accept\n");
        for (ProtectedPeer peer : enforcement.peers()) s.append("\t\t").append(drop(peer)).append('\n');
        return s.append("\t}\n}\n").toString();
    }

    /**
     * A forwarded TCP SYN (or SYN-ACK) that leaves through the TUN announces an MSS that fits the
     * TUN's MTU (nft(8) "rt mtu": route MTU minus 40 or 60), so a LAN host on a 1500-byte link never
     * sends a segment the tunnel cannot carry, even where it drops ICMP "fragmentation needed"
     * (RFC 4459 §3.2: signal the lower MTU to the sources). Mangle priority, -150.
     */
    private String mssClamp() {
        return "\tchain forward {\n"
                + "\t\ttype filter hook forward priority -150; policy accept;\n"
                + "\t\toifname \"" + tunName + "\" tcp flags & (syn | rst) == syn tcp option maxseg size set rt mtu\n"
                + "\t}\n";
    }

    /** Deletes the table; succeeds when there is none. */
    public String delete() {
        return "table inet " + table + " {\n}\ndelete table inet " + table + "\n";
    }

    /** {@code ip saddr 198.18.2.0/24 meta l4proto 6 th dport 80-90 counter drop}. */
    static String drop(ProtectedPeer peer) {
        return match(peer) + " counter drop";
    }

    /** {@code ip saddr 198.18.2.0/24 meta l4proto 6 th dport 80-90}. */
    static String match(ProtectedPeer peer) {
        StringBuilder s = new StringBuilder(peer.source().family() == IpFamily.IPV4 ? "ip saddr " : "ip6 saddr ")
                .append(peer.source());
        if (peer.protocol() != 0) s.append(" meta l4proto ").append(peer.protocol());
        if (!peer.localPorts().isAny()) s.append(" th dport ").append(peer.localPorts());
        return s.toString();
    }
}
