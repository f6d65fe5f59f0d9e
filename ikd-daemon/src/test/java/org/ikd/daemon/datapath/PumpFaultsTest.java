package org.ikd.daemon.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;

/** A failing packet is counted and logged sparingly; the pump itself is left running by its caller. */
class PumpFaultsTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final PumpFaults faults;

    PumpFaultsTest() {
        LoggerContext context = new LoggerContext();
        lines.setContext(context);
        lines.start();
        Logger log = context.getLogger("pump");
        log.addAppender(lines);
        faults = new PumpFaults("outbound pump 0", log);
    }

    @Test
    void countsEveryFaultAndLogsTheFirstWithItsStackTraceThenOneLinePerThousand() {
        for (int i = 0; i < 2 * PumpFaults.LOG_EVERY + 5; i++) faults.record(new NullPointerException("fault " + i));
        assertEquals(2 * PumpFaults.LOG_EVERY + 5, faults.count());
        assertEquals(3, lines.list.size(), "first, 1000th and 2000th");
        assertNotNull(lines.list.get(0).getThrowableProxy(), "the first carries the stack trace");
        assertTrue(lines.list.get(0).getFormattedMessage().startsWith("outbound pump 0: "), lines.list.get(0).getFormattedMessage());
        assertTrue(lines.list.get(2).getFormattedMessage().contains("2000 packets dropped"), lines.list.get(2).getFormattedMessage());
    }
}
