package org.ikd.daemon.log;

import ch.qos.logback.core.PropertyDefinerBase;
import java.util.Map;

/**
 * Chooses the console pattern in conf/logback.xml ({@code <define name="CONSOLE_PATTERN">}):
 * under systemd (JOURNAL_STREAM set, systemd.exec(5)) no timestamp, since the journal stamps
 * every line, and a {@code <N>} priority prefix the journal turns into the line's priority
 * (sd-daemon(3)); elsewhere a timestamped line.
 */
public final class ConsolePattern extends PropertyDefinerBase {
    static final String JOURNAL = "%sdprio%logger{36}: %msg%n";
    static final String TERMINAL = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    @Override
    public String getPropertyValue() {
        return patternFor(System.getenv());
    }

    static String patternFor(Map<String, String> env) {
        String stream = env.get("JOURNAL_STREAM");
        return stream == null || stream.isEmpty() ? TERMINAL : JOURNAL;
    }
}
