package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed ISAKMP headers from host A reach the daemon on host B (issue 15 item 6): each is dropped
 * unanswered and counted under the RFC 2408 §5.2 notify type that names its fault, as
 * {@code ikdctl show stats --json} shows it ({@code invalidPacketsByType}), and none is an internal
 * error. The datagrams are written by hand from RFC 2408 §3.1 and sent by a plain UDP socket in A.
 */
class MalformedIsakmpIT {
    // RFC 2408 §3.1: CKY-I, CKY-R, next payload, version, exchange type, flags, message ID, length (32),
    // then an empty generic payload header (§3.2: next 0, reserved 0, length 4)
    private static final String MINOR_VERSION_1 = "0102030405060708 0000000000000000 01 11 02 00 00000000 00000020 00000004";
    private static final String UNKNOWN_FLAG = "0102030405060709 0000000000000000 01 10 02 40 00000000 00000020 00000004";
    private static final String TRUNCATED = "010203040506070a 0000000000000000 01 10 02 00";
    private static final String NO_SUCH_SA = "1111111111111111 2222222222222222 08 10 05 01 00000007 00000020 00000004";

    /** Sends each hex datagram from A to B:500, then counts replies for 2 s (bounded): prints the count. */
    private static final String SENDER = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)",
            "s.bind(('" + TwoHosts.A + "', 0))",
            "s.settimeout(2.0)",
            "for h in sys.argv[1:]: s.sendto(bytes.fromhex(h), ('" + TwoHosts.B + "', 500))",
            "n = 0",
            "try:",
            "    while n < 100:",
            "        s.recvfrom(65535); n += 1",
            "except socket.timeout:",
            "    pass",
            "print(n)");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces)");
    }

    @Test
    void eachMalformedHeaderIsDroppedUnansweredAndCountedUnderItsNotifyType() {
        try (TwoHosts lab = TwoHosts.create("ar-mi");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), HostilePolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
            Counters before = Counters.of(b);

            Command.Result sent = lab.a.exec(20, "python3", "-c", SENDER, hex(MINOR_VERSION_1), hex(UNKNOWN_FLAG),
                    hex(TRUNCATED), hex(NO_SUCH_SA));
            assertEquals(0, sent.exitCode(), sent.stderr());

            Counters after = awaitCounters(b, before);
            String said = "replies " + sent.stdout().strip() + "; stats:\n" + after.json();
            System.out.println("malformed ISAKMP headers: " + said);
            assertAll(
                    () -> assertEquals("0", sent.stdout().strip(), "RFC 2408 §5.2: the notify is a MAY; ikd sends none. " + said),
                    () -> assertEquals(3, after.since(before, "invalidPacketsReceived"), said),
                    () -> assertEquals(1, after.since(before, "INVALID_MINOR_VERSION"), said),
                    () -> assertEquals(1, after.since(before, "INVALID_FLAGS"), said),
                    () -> assertEquals(1, after.since(before, "PAYLOAD_MALFORMED"), said),
                    () -> assertEquals(1, after.since(before, "invalidCookiesReceived"), said),
                    () -> assertEquals(0, after.since(before, "internalErrors"), said),
                    () -> assertTrue(b.isAlive(), b.output()));
        }
    }

    /** Waits (10 s at most) until B counted all four datagrams; the counters then (or at the deadline). */
    private static Counters awaitCounters(IkdNode b, Counters before) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Counters c = Counters.of(b);
        while (c.since(before, "invalidPacketsReceived") + c.since(before, "invalidCookiesReceived") < 4
                && System.nanoTime() < deadline) {
            IkdNode.sleep(100);
            c = Counters.of(b);
        }
        return c;
    }

    private static String hex(String spaced) {
        return spaced.replace(" ", "");
    }
}
