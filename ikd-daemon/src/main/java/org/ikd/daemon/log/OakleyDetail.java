package org.ikd.daemon.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * The Oakley log's detail, switched at run time without a restart (Windows: the EnableLogging
 * value; {@code netsh ipsec dynamic set config ikelogging}): {@code off} writes nothing,
 * {@code failures} only failed negotiations and dead peers, {@code all} every message and
 * decision (the default). It sets the level of the {@code OAKLEY} logger; a restart returns to
 * what logback.xml says.
 */
public final class OakleyDetail {
    private OakleyDetail() {}

    /** The current detail, by name. */
    public static String current() {
        Level l = logger().getEffectiveLevel();
        if (l == Level.OFF) return "off";
        return l.isGreaterOrEqual(Level.WARN) ? "failures" : "all";
    }

    /** Sets {@code off}, {@code failures} or {@code all}; false for any other word. */
    public static boolean set(String detail) {
        Level level = switch (detail.toLowerCase(Locale.ROOT)) {
            case "off" -> Level.OFF;
            case "failures" -> Level.WARN;
            case "all" -> Level.INFO;
            default -> null;
        };
        if (level == null) return false;
        logger().setLevel(level);
        return true;
    }

    private static ch.qos.logback.classic.Logger logger() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(OakleyLog.LOGGER);
    }
}
