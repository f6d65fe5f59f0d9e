package org.ikd.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ikd.core.ike.IkeEvent;
import org.ikd.tun.posix.UnixDatagramSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Events through a real AF_UNIX datagram socket that plays journald, read back with the parser
 * the native protocol describes (systemd.io/JOURNAL_NATIVE_PROTOCOL), written here from that text.
 */
class JournalAppenderTest {
    @TempDir
    Path dir;

    @Test
    void sendsAFailedNegotiationWithItsMessageIdAndFields() throws Exception {
        String path = dir.resolve("journal.socket").toString();
        try (UnixDatagramSocket journald = UnixDatagramSocket.bind(path)) {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            JournalAppender appender = new JournalAppender();
            appender.setContext(ctx);
            appender.setSocket(path);
            appender.start();
            Logger logger = ctx.getLogger("test.journal.events");
            logger.setAdditive(false);
            logger.addAppender(appender);
            try {
                new AuditEvents(logger).failed(new FailedNegotiation(IkeEvent.Phase.MAIN_MODE, "peer", "198.18.0.1", "198.18.0.2",
                        "evil\nMESSAGE_ID=forged", null, IkeEvent.FailurePoint.PEER, "peer refused Main Mode: AUTHENTICATION_FAILED"));
                Map<String, String> f = parse(journald.receive(65536, Duration.ofSeconds(5)));
                assertEquals("a0561d6330f944158bdc48dad221a4bd", f.get("MESSAGE_ID"), f.toString());
                assertEquals("4", f.get("PRIORITY"), "warning");
                assertEquals("ikd", f.get("SYSLOG_IDENTIFIER"));
                assertEquals("547", f.get("IKD_EVENT"));
                assertEquals("peer", f.get("IKD_RULE"));
                assertEquals("198.18.0.2", f.get("IKD_PEER"));
                assertEquals("peer", f.get("IKD_FAILURE_POINT"));
                assertEquals("evil\nMESSAGE_ID=forged", f.get("IKD_PEER_ID"), "a peer's newline is binary-framed, never a new field");
                assertTrue(f.get("MESSAGE").startsWith("event=547 mode=main rule=peer"), f.get("MESSAGE"));
                assertEquals(0, appender.refused());
            } finally {
                logger.detachAppender(appender);
                appender.stop();
            }
        }
    }

    /** KEY=value\n, or KEY\n + little-endian 64-bit length + value + \n; a repeated key would show as a clash. */
    @Test
    void sendsAnInvalidProposalAs546WithItsOwnMessageIdThenThe547() throws Exception {
        String path = dir.resolve("journal-546.socket").toString();
        try (UnixDatagramSocket journald = UnixDatagramSocket.bind(path)) {
            LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
            JournalAppender appender = new JournalAppender();
            appender.setContext(ctx);
            appender.setSocket(path);
            appender.start();
            Logger logger = ctx.getLogger("test.journal.events.546");
            logger.setAdditive(false);
            logger.addAppender(appender);
            try {
                FailedNegotiation f = new FailedNegotiation(IkeEvent.Phase.QUICK_MODE, 2, "net", "responder", "198.18.0.1",
                        "198.18.0.2", "ipv4 198.18.0.2", "", "198.18.0.1 -> 198.18.1.0/24", IkeEvent.FailurePoint.ME,
                        IkeEvent.FailureKind.INVALID_PROPOSAL, "NO_PROPOSAL_CHOSEN",
                        new IkeEvent.ProposalMismatch(java.util.List.of("esp:3des-sha1"), java.util.List.of("esp:aes128-sha1")),
                        "no Quick Mode proposal chosen");
                AuditEvents events = new AuditEvents(logger);
                events.specific(f);
                events.failed(f);
                Map<String, String> first = parse(journald.receive(65536, Duration.ofSeconds(5)));
                Map<String, String> second = parse(journald.receive(65536, Duration.ofSeconds(5)));
                assertEquals("546", first.get("IKD_EVENT"), first.toString());
                assertEquals(JournalAppender.MESSAGE_IDS.get("546"), first.get("MESSAGE_ID"));
                assertEquals("esp:3des-sha1", first.get("IKD_RECEIVED"));
                assertEquals("esp:aes128-sha1", first.get("IKD_EXPECTED"));
                assertEquals("NO_PROPOSAL_CHOSEN", first.get("IKD_NOTIFY"));
                assertEquals("2", first.get("IKD_ID"));
                assertEquals("547", second.get("IKD_EVENT"));
                assertEquals("a0561d6330f944158bdc48dad221a4bd", second.get("MESSAGE_ID"));
            } finally {
                logger.detachAppender(appender);
                appender.stop();
            }
        }
    }

    @Test
    void everyAuditEventHasItsOwn128BitMessageId() {
        assertEquals(java.util.Set.of("541", "542", "543", "544", "545", "546", "547"), JournalAppender.MESSAGE_IDS.keySet());
        assertEquals(7, new java.util.HashSet<>(JournalAppender.MESSAGE_IDS.values()).size());
        assertTrue(JournalAppender.MESSAGE_IDS.values().stream().allMatch(id -> id.matches("[0-9a-f]{32}")));
    }

    private static Map<String, String> parse(byte[] d) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < d.length) {
            int nl = indexOf(d, i, (byte) '\n');
            int eq = indexOf(d, i, (byte) '=');
            String key;
            String value;
            if (eq >= 0 && eq < nl) {
                key = new String(d, i, eq - i, StandardCharsets.US_ASCII);
                value = new String(d, eq + 1, nl - eq - 1, StandardCharsets.UTF_8);
                i = nl + 1;
            } else {
                key = new String(d, i, nl - i, StandardCharsets.US_ASCII);
                long n = ByteBuffer.wrap(d, nl + 1, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
                value = new String(d, nl + 9, (int) n, StandardCharsets.UTF_8);
                assertEquals('\n', d[nl + 9 + (int) n]);
                i = nl + 10 + (int) n;
            }
            assertEquals(null, out.put(key, value), "field " + key + " twice");
        }
        return out;
    }

    private static int indexOf(byte[] a, int from, byte b) {
        for (int i = from; i < a.length; i++) if (a[i] == b) return i;
        return -1;
    }
}
