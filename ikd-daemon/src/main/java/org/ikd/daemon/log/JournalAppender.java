package org.ikd.daemon.log;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.tun.posix.UnixDatagramSocket;
import org.slf4j.event.KeyValuePair;

/**
 * The audit events to the journal through its native protocol (systemd.io, "Native Journal
 * Protocol"): one datagram per event to {@code /run/systemd/journal/socket}, with MESSAGE,
 * PRIORITY, SYSLOG_IDENTIFIER=ikd, a MESSAGE_ID per event number (so {@code journalctl
 * MESSAGE_ID=...} finds every 547) and each of the event's fields as {@code IKD_<KEY>}
 * ({@code IKD_RULE}, {@code IKD_PEER}, {@code IKD_REASON}, ...), typed as AuditEvents logged them.
 *
 * <p>Used only under systemd (JOURNAL_STREAM set, as systemd.exec(5) sets it for a service whose
 * output goes to the journal) when the socket exists; elsewhere, and for a datagram the journal
 * refused, the line goes to standard output through the encoder, key=value as before.
 */
public final class JournalAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    static final String DEFAULT_SOCKET = "/run/systemd/journal/socket";
    /** MESSAGE_ID of events 541–547 (random 128-bit numbers, fixed forever, as sd-id128(3) asks). */
    static final Map<String, String> MESSAGE_IDS = Map.of(
            "541", "b6b9d529603b4b57a3fd83ebad246413",
            "542", "bbc840dc3dcf481c8fd0122dba4ecfa2",
            "543", "f99c8e6fa86244a5889fd6a7ad71a5e4",
            "544", "756fe50a49c445bfaaa82ef727a41545",
            "545", "e336a0ba2c4b429889ffefe69c6dffdf",
            "546", "c3e8c6ce98d5459dbf73df387b735fa3",
            "547", "a0561d6330f944158bdc48dad221a4bd");

    private Encoder<ILoggingEvent> encoder;
    private String socket = System.getProperty("ikd.journal.socket", DEFAULT_SOCKET);
    private UnixDatagramSocket out;
    private final AtomicLong refused = new AtomicLong();

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    /** The journal's socket; a test's own in tests ({@code -Dikd.journal.socket=PATH} does the same). */
    public void setSocket(String socket) {
        this.socket = socket;
    }

    @Override
    public void start() {
        boolean underSystemd = System.getenv("JOURNAL_STREAM") != null || System.getProperty("ikd.journal.socket") != null
                || !DEFAULT_SOCKET.equals(socket);
        if (underSystemd && Files.exists(Path.of(socket))) {
            try {
                out = UnixDatagramSocket.open();
            } catch (IOException | RuntimeException | LinkageError e) {
                addWarn("the journal socket cannot be used (" + e + "); events go to standard output");
            }
        }
        if (out == null && encoder == null) {
            addError("no journal and no encoder for standard output");
            return;
        }
        super.start();
    }

    @Override
    public void stop() {
        super.stop();
        if (out != null) out.close();
        out = null;
    }

    /** Datagrams the journal refused (each then went to standard output). */
    public long refused() {
        return refused.get();
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (out != null) {
            try {
                out.send(socket, datagram(event));
                return;
            } catch (IOException e) {
                refused.incrementAndGet();
            }
        }
        if (encoder != null) {
            byte[] line = encoder.encode(event);
            synchronized (System.out) {
                System.out.write(line, 0, line.length);
                System.out.flush();
            }
        }
    }

    /** The native protocol's fields, in one datagram. */
    static byte[] datagram(ILoggingEvent event) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(512);
        field(b, "MESSAGE", event.getFormattedMessage());
        field(b, "PRIORITY", JournalPriority.prefix(event.getLevel()).substring(1, 2));
        field(b, "SYSLOG_IDENTIFIER", "ikd");
        List<KeyValuePair> kv = event.getKeyValuePairs();
        if (kv != null)
            for (KeyValuePair p : kv) {
                if ("event".equals(p.key) && MESSAGE_IDS.containsKey(String.valueOf(p.value)))
                    field(b, "MESSAGE_ID", MESSAGE_IDS.get(String.valueOf(p.value)));
                field(b, "IKD_" + p.key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_"), String.valueOf(p.value));
            }
        return b.toByteArray();
    }

    /**
     * {@code KEY=value\n}; a value with a newline in the protocol's binary form: the key, a newline,
     * the value's length as a little-endian 64-bit number, the value, a newline.
     */
    static void field(ByteArrayOutputStream b, String key, String value) {
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        b.writeBytes(k);
        if (value.indexOf('\n') < 0) {
            b.write('=');
            b.writeBytes(v);
        } else {
            b.write('\n');
            b.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v.length).array());
            b.writeBytes(v);
        }
        b.write('\n');
    }
}
