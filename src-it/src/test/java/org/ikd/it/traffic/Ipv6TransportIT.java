package org.ikd.it.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.lab.WireCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ikd↔ikd over IPv6 with raw ESP (no NAT-T), from cold neighbour caches:
 * <ol>
 * <li>tshark starts on A's side of the link; both daemons run with their inbound enforcement table
 *     (which drops cleartext from the peer's address);
 * <li>both namespaces forget their neighbours ({@code ip -6 neigh flush all}), so IKE's first packet
 *     needs neighbour discovery through that table (RFC 4861 §7);
 * <li>a ping A → B is answered (Main Mode, Quick Mode, then ESP), the caches are flushed again and a
 *     ping B → A is answered over the SAs in place;
 * <li>in the capture every packet between A's and B's addresses is IKE, ESP (next header 50) or ND;
 *     ESP crossed both ways, no echo crossed in the clear, and neighbour solicitations were answered;
 * <li>{@code ikdctl show qm} (text and --json), {@code show mm}, {@code diag}, the Oakley log and the
 *     console log with the audit events write the addresses as RFC 5952 §4
 *     says (written by hand below), never Java's {@code 2001:2:0:0:0:0:0:2} nor a {@code %0} zone.
 * </ol>
 * Then the same in tunnel mode between 2001:2:0:1::/64 and 2001:2:0:2::/64.
 */
class Ipv6TransportIT {
    private static final String LINK = TwoHosts.LINK;
    private static final int ESP = 50;
    /** RFC 4861 §4.3, §4.4. */
    private static final int NEIGHBOR_SOLICITATION = 135;
    private static final int NEIGHBOR_ADVERTISEMENT = 136;
    /** An address of the lab written with all eight groups, as InetAddress.getHostAddress() does. */
    private static final Pattern EIGHT_GROUPS = Pattern.compile("2001:2(:[0-9a-fA-F]{1,4}){6}");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping") && Command.available("tshark"), "needs ping and tshark (.ci/run installs them)");
    }

    @Test
    void transportModeOverIpv6WithRawEspFromColdNeighbourCaches() throws Exception {
        String policyA = PolicyToml.transport("it-v6", TwoHosts.A6, TwoHosts.B6, "protect", "esp = \"aes128-sha256\"");
        String policyB = PolicyToml.transport("it-v6", TwoHosts.B6, TwoHosts.A6, "protect", "esp = \"aes128-sha256\"");
        try (TwoHosts lab = TwoHosts.create("ik6-tr").withIpv6();
             WireCapture capture = WireCapture.launch(lab.a, LINK, dir.resolve("capture"));
             IkdPair ikd = IkdPair.start(lab, dir, policyA, policyB)) {
            capture.awaitCapturing();
            forgetNeighbours(lab);
            assertPingAnswered(lab.a, ikd, TwoHosts.A6, TwoHosts.B6);
            forgetNeighbours(lab);
            assertPingAnswered(lab.b, ikd, TwoHosts.B6, TwoHosts.A6);

            // RFC 5952 §4.2.1: 2001:0002:0000:0000:0000:0000:0000:0002 is written 2001:2::2
            String qm = ikd.a.ikdctl("show", "qm");
            assertTrue(qm.contains("2001:2::1") && qm.contains("2001:2::2") && qm.contains("transport"), qm);
            assertWrittenCompressed("show qm", qm);
            String mm = ikd.a.ikdctl("show", "mm");
            assertTrue(mm.contains("2001:2::2"), mm);
            assertWrittenCompressed("show mm", mm);
            String json = ikd.a.ikdctl("show", "qm", "--json");
            assertTrue(json.contains("\"2001:2::1\"") && json.contains("\"2001:2::2\""), json);
            assertWrittenCompressed("show qm --json", json);
            String oakley = ikd.a.oakleyLog();
            // the ACQUIRE line names the echo request that started it: ICMPv6 is protocol 58
            assertTrue(oakley.contains("acquire: packet 2001:2::1 -> 2001:2::2 proto 58 matched rule 'peer'"), oakley);
            assertTrue(oakley.contains(": esp:aes128-sha256 transport 2001:2::1 -> 2001:2::2"), oakley);
            assertWrittenCompressed("A's Oakley log", oakley);
            assertWrittenCompressed("B's Oakley log", ikd.b.oakleyLog());
            String diag = ikd.a.ikdctl("diag");
            assertTrue(diag.contains("[2001:2::1]:500"), diag);                   // RFC 5952 §6: brackets before a port
            assertWrittenCompressed("diag", diag);
            assertWrittenCompressed("A's console log and audit events", ikd.a.output());

            String verdict = assertOnlyIkeEspAndNeighbourDiscoveryCrossed(capture, TwoHosts.A6, TwoHosts.B6);
            System.out.printf("ipv6 transport: pings A -> B and B -> A answered from cold neighbour caches, capture: %s%n", verdict);
        }
    }

    @Test
    void tunnelModeOverIpv6WithRawEsp() throws Exception {
        String policyA = PolicyToml.tunnel("it-v6t", TwoHosts.A6, TwoHosts.B6, TwoHosts.NET_A6, TwoHosts.NET_B6,
                PolicyToml.MAIN_MODE, "aes128-sha256");
        String policyB = PolicyToml.tunnel("it-v6t", TwoHosts.B6, TwoHosts.A6, TwoHosts.NET_B6, TwoHosts.NET_A6,
                PolicyToml.MAIN_MODE, "aes128-sha256");
        try (TwoHosts lab = TwoHosts.create("ik6-tt").withIpv6();
             WireCapture capture = WireCapture.launch(lab.a, LINK, dir.resolve("capture"));
             IkdPair ikd = IkdPair.start(lab, dir, policyA, policyB)) {
            capture.awaitCapturing();
            forgetNeighbours(lab);
            assertPingAnswered(lab.a, ikd, TwoHosts.INNER_A6, TwoHosts.INNER_B6);
            assertPingAnswered(lab.b, ikd, TwoHosts.INNER_B6, TwoHosts.INNER_A6);

            String qm = ikd.a.ikdctl("show", "qm");
            assertTrue(qm.contains("2001:2:0:1::/64") && qm.contains("2001:2:0:2::/64") && qm.contains("tunnel"), qm);
            assertWrittenCompressed("show qm", qm);
            String oakley = ikd.a.oakleyLog();
            assertTrue(oakley.contains("acquire: packet 2001:2:0:1::1 -> 2001:2:0:2::1 proto 58"), oakley);
            assertTrue(oakley.contains("(tunnel to 2001:2::2)"), oakley);
            assertWrittenCompressed("A's Oakley log", oakley);

            String verdict = assertOnlyIkeEspAndNeighbourDiscoveryCrossed(capture, TwoHosts.A6, TwoHosts.B6);
            List<String[]> inner = capture.rows(null, "ipv6.src == " + TwoHosts.INNER_A6 + " || ipv6.dst == " + TwoHosts.INNER_A6,
                    "frame.number");
            assertEquals(0, inner.size(), "an inner address crossed the link in the clear");
            System.out.printf("ipv6 tunnel: pings between the inner networks answered, capture: %s%n", verdict);
        }
    }

    /** Empties both neighbour caches and checks that no link-layer address of the peer is left. */
    private static void forgetNeighbours(TwoHosts lab) {
        for (Netns ns : List.of(lab.a, lab.b)) {
            ns.ip("-6", "neigh", "flush", "all");
            String left = ns.ip("-6", "neigh", "show", "dev", LINK);
            assertFalse(left.contains("lladdr"), ns + " still knows a neighbour: " + left);
        }
    }

    /** One echo request; -W 10: the reply may wait for ND, Main Mode and Quick Mode. */
    private static void assertPingAnswered(Netns ns, IkdPair ikd, String from, String to) {
        Command.Result r = ns.exec(30, "ping", "-6", "-c", "1", "-W", "10", "-I", from, to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), () -> "ping " + from + " -> " + to + " was not answered:\n" + out + "\n" + ikd.oakleyLogs());
        assertTrue(out.contains("1 received"), out);
    }

    /** RFC 5952 §4.2.1 and §4: no run of zero groups written out, no Java zone suffix. */
    private static void assertWrittenCompressed(String what, String text) {
        assertFalse(EIGHT_GROUPS.matcher(text).find(), what + " writes an IPv6 address uncompressed:\n" + text);
        assertFalse(text.contains("%0"), what + " writes a zone on a global address:\n" + text);
    }

    /** Asserts what crossed between {@code a} and {@code b}; returns it in words for the report. */
    private static String assertOnlyIkeEspAndNeighbourDiscoveryCrossed(WireCapture capture, String a, String b) throws Exception {
        List<String[]> rows = capture.rows(null, "ipv6", "ipv6.src", "ipv6.dst", "ipv6.nxt", "udp.dstport", "icmpv6.type");
        int ike = 0;
        int espAToB = 0;
        int espBToA = 0;
        int solicitations = 0;
        int advertisements = 0;
        for (String[] r : rows) {
            int icmp = number(r[4]);
            if (icmp == NEIGHBOR_SOLICITATION) solicitations++;
            if (icmp == NEIGHBOR_ADVERTISEMENT) advertisements++;
            boolean aToB = r[0].equals(a) && r[1].equals(b);
            boolean bToA = r[0].equals(b) && r[1].equals(a);
            if (!aToB && !bToA) continue;
            int port = number(r[3]);
            if (port == 500 || port == 4500) ike++;
            else if (number(r[2]) == ESP) {
                if (aToB) espAToB++;
                else espBToA++;
            } else assertTrue(icmp >= 133 && icmp <= 137, () -> "a packet crossed in the clear: " + String.join(" ", r));
        }
        assertTrue(ike >= 9, "the capture began before Main Mode (6) and Quick Mode (3): " + ike + " IKE packets\n" + capture.log());
        assertTrue(espAToB >= 2 && espBToA >= 2, "ESP both ways (two echo requests, two replies): " + espAToB + " A -> B, "
                + espBToA + " B -> A");
        assertTrue(solicitations >= 1 && advertisements >= 1, "the cold caches were resolved by ND: " + solicitations
                + " NS, " + advertisements + " NA");
        return rows.size() + " IPv6 packets, " + ike + " IKE, ESP " + espAToB + " A -> B and " + espBToA + " B -> A, "
                + solicitations + " NS / " + advertisements + " NA, nothing else between the two addresses";
    }

    private static int number(String s) {
        if (s == null || s.isBlank()) return -1;
        String first = s.split(",")[0].strip();
        return first.isEmpty() ? -1 : Integer.decode(first);
    }
}
