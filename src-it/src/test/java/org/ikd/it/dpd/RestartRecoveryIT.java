package org.ikd.it.dpd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crashed and restarted responder recovers by itself (issue 15): A (initiator) and B (responder)
 * run an ESP tunnel without DPD; B is killed with SIGKILL and started again, knowing no SA. Then
 * only A sends (a ping every 200 ms, for at most {@value #PINGS} pings): its ESP reaches B on SPIs
 * B no longer has, B starts a Main Mode with INITIAL-CONTACT (RFC 2407 §4.6.3.3), A drops its stale
 * SAs and its next ping negotiates new ones. The traffic must come back within the {@value #PINGS}
 * pings (15 s, where before it stayed dead until a DPD or B's own traffic); the test prints the
 * measured recovery, from B being ready to A's first answered ping (target: under 5 s). A is ikd
 * (raw ESP, or ESP in UDP) or strongSwan's charon (kernel-libipsec: ESP in UDP, no trap policies,
 * so B's Quick Mode after its Main Mode is what brings the tunnel back).
 */
class RestartRecoveryIT {
    private static final int PINGS = 75;
    /** {@code ping -D}: [epoch seconds] 64 bytes from ...: icmp_seq=N ... */
    private static final Pattern REPLY = Pattern.compile("^\\[(\\d+\\.\\d+)\\] \\d+ bytes from .*icmp_seq=(\\d+)", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("ping");
    }

    @Test
    void restartedIkdResponderRecoversOnAsEspAlone() {
        recover("ikc-rr-e", "nat-traversal = \"off\"");
    }

    @Test
    void restartedIkdResponderRecoversOnAsEspInUdpAlone() {
        recover("ikc-rr-u", "nat-traversal = \"force\"");
    }

    @Test
    void restartedIkdResponderRecoversOnCharonsEspAlone() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        // charon's kernel-libipsec: tunnel mode, ESP in UDP only (STRONGSWAN.md); it initiates, no DPD
        String conf = new SwanctlConf(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, PolicyToml.MAIN_MODE,
                "aes128gcm16", IkdNode.PSK, "none").render();
        String policyB = NatPolicies.tunnel(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16",
                "nat-traversal = \"force\"");
        try (TwoHosts lab = TwoHosts.create("ikc-rr-c");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policyB);
             Charon a = Charon.start(lab.a, dir.resolve("charon"), conf)) {
            String up = a.swanctl("--initiate", "--child", "net", "--timeout", "20");
            assertTrue(up.contains("successfully"), up + "\n" + a.log());
            recover(lab, b, "strongSwan 5.9.8 as A", a::log);
        }
    }

    private void recover(String prefix, String natTraversal) {
        String policyA = NatPolicies.tunnel(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, "aes128gcm16", natTraversal);
        String policyB = NatPolicies.tunnel(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16", natTraversal);
        try (TwoHosts lab = TwoHosts.create(prefix);
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), policyA);
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), policyB)) {
            recover(lab, b, "ikd as A, " + natTraversal, a::oakleyLog);
        }
    }

    /** Tunnel up, B killed and restarted, then only A pings: asserts the traffic comes back and prints when. */
    private static void recover(TwoHosts lab, IkdNode b, String what, Supplier<String> logOfA) {
        NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        long killed = System.currentTimeMillis();
        b.kill();
        b.restart();
        long ready = System.currentTimeMillis();
        // only A sends: B learns of the stale SAs from A's ESP alone
        Command.Result r = lab.a.exec(PINGS / 5 + 15, "ping", "-D", "-i", "0.2", "-c", String.valueOf(PINGS), "-W", "1",
                "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
        String out = r.stdout() + r.stderr();
        List<double[]> replies = replies(out);
        String logs = "\nping:\n" + out + "\nB's Oakley log:\n" + b.oakleyLog() + "\nA's log:\n" + logOfA.get();
        assertTrue(!replies.isEmpty(), "no ping came back within " + PINGS + " pings (" + PINGS / 5 + " s)" + logs);
        int last = (int) replies.get(replies.size() - 1)[1];
        assertTrue(last >= PINGS - 1, "the tunnel came back and went away again: last reply icmp_seq=" + last + logs);
        assertTrue(b.oakleyLog().contains("unknown SPI"), "B says what it acted on" + logs);
        System.out.printf("restart recovery (%s): B restarted in %.2f s; A's traffic back %.2f s after B was ready"
                        + " (first answered ping icmp_seq=%d of one every 200 ms)%n", what,
                (ready - killed) / 1000.0, replies.get(0)[0] - ready / 1000.0, (int) replies.get(0)[1]);
    }

    /** Each answered ping as {epoch seconds, icmp_seq}, in order. */
    private static List<double[]> replies(String ping) {
        List<double[]> out = new ArrayList<>();
        Matcher m = REPLY.matcher(ping);
        while (m.find()) out.add(new double[] {Double.parseDouble(m.group(1)), Integer.parseInt(m.group(2))});
        return out;
    }
}
