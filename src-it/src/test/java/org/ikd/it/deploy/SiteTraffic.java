package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;

/** What the deployment ITs against charon and over IPv6 share: pings that must all come back, and the report lines. */
final class SiteTraffic {
    private SiteTraffic() {}

    /** {@code ping -c 3} (IPv6 when {@code to} has a colon); asserts every reply came back, the first one included. */
    static String ping(Netns from, String to) {
        Command.Result r = from.exec(60, "ping", "-n", "-c", "3", "-i", "0.3", "-W", "5", to);
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 ") && out.contains(" 0% packet loss"), out);
        return out;
    }

    /** The example PSK shipped beside the site-to-site policies ({@code conf/gateway-a.psk}, hex {@code 0x...}). */
    static String shippedPsk() throws IOException {
        return Files.readString(IkdNode.root().resolve("conf/gateway-a.psk")).strip();
    }

    static boolean rootAnd(String... tools) throws IOException {
        if (!Iperf.isRoot()) return false;
        for (String t : tools) if (!Command.available(t)) return false;
        return true;
    }

    static void report(String what, String out) {
        System.out.println("== " + what + "\n" + out.strip());
    }
}
