package org.ikd.it.nat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;

/** Pings and a short iperf3 TCP transfer between our namespaces only, every wait bounded. */
public final class NatTraffic {

    private NatTraffic() {}

    /** {@code ping -c COUNT -W 5 -I from to} in {@code ns}: asserts every reply came back, the first included. */
    public static String assertPings(Netns ns, int count, String from, String to) {
        Command.Result r = ns.exec(60, "ping", "-c", String.valueOf(count), "-W", "5", "-I", from, to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 "), "the first ping was not answered:\n" + out);
        assertTrue(out.contains(" 0% packet loss"), out);
        return out;
    }

    /** True when one ping of {@code ns} from {@code from} to {@code to} is answered within {@code waitSeconds}. */
    public static boolean answers(Netns ns, String from, String to, int waitSeconds) {
        return ns.exec(waitSeconds + 5L, "ping", "-c", "1", "-W", String.valueOf(waitSeconds), "-I", from, to).exitCode() == 0;
    }

    /** A 2-second iperf3 TCP transfer; asserts it completed and returns the receiver's rate. */
    public static String assertTcp(Netns client, String from, Netns server, String to, Path dir) throws IOException, InterruptedException {
        return Iperf.assertTcp(client, from, server, to, dir, 2);
    }

    /** Skips the test unless it runs as root and every one of {@code programs} is installed (.ci/run installs them). */
    public static void assumeRootAnd(String... programs) throws IOException {
        assumeTrue(isRoot(), "needs root (namespaces, TUN, raw sockets)");
        for (String p : programs) assumeTrue(Command.available(p), "needs " + p + " (.ci/run installs it)");
    }

    public static boolean isRoot() throws IOException {
        return Iperf.isRoot();
    }
}
