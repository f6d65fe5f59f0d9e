package org.ikd.daemon.control;

import java.util.Map;

/**
 * One line of the {@code watch} stream (after its first line, an ordinary success response):
 * an Oakley log line or an audit event with its fields ({@code source} "oakley" or "event"), a
 * {@code heartbeat} every two seconds of silence (so the daemon notices a reader that left), or a
 * {@code lost} count when the reader fell behind and lines were dropped for it.
 */
public record StreamLine(String time, String source, String level, String text, Map<String, Object> fields, Long lost) {
    public static final String OAKLEY = "oakley";
    public static final String EVENT = "event";
    public static final String HEARTBEAT = "heartbeat";
    public static final String LOST = "lost";

    static StreamLine heartbeat() {
        return new StreamLine(null, HEARTBEAT, null, null, null, null);
    }

    static StreamLine lost(long count) {
        return new StreamLine(null, LOST, null, null, null, count);
    }

    /** A field of an event as text ({@code event}, {@code rule}, {@code reason}, ...), or null. */
    public String field(String key) {
        Object v = fields == null ? null : fields.get(key);
        return v == null ? null : v.toString();
    }
}
