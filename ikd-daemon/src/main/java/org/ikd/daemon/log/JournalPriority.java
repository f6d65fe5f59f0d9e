package org.ikd.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %sdprio}: the syslog priority prefix sd-daemon(3) defines for lines written to the
 * journal: {@code <3>} error, {@code <4>} warning, {@code <6>} info, {@code <7>} debug.
 */
public final class JournalPriority extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return prefix(event.getLevel());
    }

    static String prefix(Level level) {
        if (level.isGreaterOrEqual(Level.ERROR)) return "<3>";
        if (level.isGreaterOrEqual(Level.WARN)) return "<4>";
        if (level.isGreaterOrEqual(Level.INFO)) return "<6>";
        return "<7>";
    }
}
