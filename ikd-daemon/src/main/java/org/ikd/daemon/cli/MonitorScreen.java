package org.ikd.daemon.cli;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import org.ikd.daemon.control.MonitorSnapshot;

/**
 * One frame of {@code ikdctl monitor} (ipsecmon's window): the Quick Mode SAs, the Main Mode
 * SAs, and ipsecmon's short list of counters. On a terminal each frame first clears the screen.
 */
final class MonitorScreen {
    static final String CLEAR = "\033[H\033[2J";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private MonitorScreen() {}

    static String frame(MonitorSnapshot s, LocalTime now, String every, boolean clear) {
        return (clear ? CLEAR : "") + "ikd monitor  " + TIME.format(now) + "  every " + every + "  (Ctrl-C to quit)\n\n"
                + SaText.quickMode(s.quickMode()) + "\n" + SaText.mainMode(s.mainMode()) + "\n"
                + StatisticsText.summary(s.statistics());
    }
}
