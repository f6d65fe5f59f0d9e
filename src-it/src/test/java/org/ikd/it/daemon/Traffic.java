package org.ikd.it.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;

/** Traffic the daemon tests send across, bounded in count and time, between our namespaces only. */
final class Traffic {

    private Traffic() {}

    /** {@code ping -c 5} from {@code ns}; asserts every reply came back, the first one included. */
    static String assertPingsAnswered(Netns ns, String... target) {
        List<String> argv = new ArrayList<>(List.of("ping", "-c", "5", "-W", "5"));
        argv.addAll(List.of(target));
        Command.Result r = ns.exec(60, argv.toArray(String[]::new));
        String out = r.stdout() + r.stderr();
        assertEquals(0, r.exitCode(), out);
        assertTrue(out.contains("icmp_seq=1 "), "the first ping was not answered:\n" + out);
        assertTrue(out.contains(" 0% packet loss"), out);
        return out;
    }

    /**
     * A 3-second iperf3 TCP transfer from {@code client} to {@code server} (bound to those
     * addresses); asserts it completed and returns the receiver's rate, e.g. "180 Mbits/sec".
     */
    static String assertTcpTransfer(Netns client, String from, Netns server, String to, Path dir) throws Exception {
        return Iperf.assertTcp(client, from, server, to, dir, 3);
    }

    /**
     * Asserts {@code ikdctl show qm} of {@code ikd} lists one pair containing every {@code words},
     * or two when the pair carried more than 80 % of the default 100,000 KB soft byte lifetime:
     * a fast machine moves that much in a 3-second TCP transfer, the soft lifetime (90 %) then
     * rekeys once, and the old pair stays listed beside the new one until it expires.
     */
    static String assertOnePairOrByteRekey(IkdNode ikd, String... words) throws Exception {
        String qm = ikd.ikdctl("show", "qm");
        for (String w : words) assertTrue(qm.contains(w), "show qm lacks " + w + ":\n" + qm);
        Matcher count = Pattern.compile("Quick Mode SAs: (\\d+)").matcher(qm);
        assertTrue(count.find(), qm);
        int pairs = Integer.parseInt(count.group(1));
        if (pairs == 1) return qm;
        Matcher bytes = Pattern.compile("\"bytes(?:In|Out)\"\\s*:\\s*(\\d+)").matcher(ikd.ikdctl("show", "qm", "--json"));
        long carried = 0;
        while (bytes.find()) carried = Math.max(carried, Long.parseLong(bytes.group(1)));
        assertEquals(2, pairs, qm);
        assertTrue(carried > 80 * 1_000 * 1024L, "a second pair only after a byte-lifetime rekey:\n" + qm);
        String stats = ikd.ikdctl("show", "stats");
        assertTrue(stats.matches("(?s).*Key Updates\\s+[1-9].*"), stats);
        return qm;
    }

    static boolean isRoot() throws IOException {
        return Iperf.isRoot();
    }

    static boolean available(String program) {
        return Command.available(program);
    }
}
