package org.ikd.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.status.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conf/logback.xml, loaded as bin/ikd loads it, into a private LoggerContext. */
class LogbackConfigTest {
    @TempDir
    Path dir;

    private LoggerContext load() throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());   // what SLF4J's binding does
        context.putProperty("ikd.log.dir", dir.toString());
        JoranConfigurator c = new JoranConfigurator();
        c.setContext(context);
        c.doConfigure(Path.of("..", "conf", "logback.xml").toFile());
        return context;
    }

    @Test
    void loadsWithoutErrorsOrWarnings() throws Exception {
        LoggerContext context = load();
        for (Status s : context.getStatusManager().getCopyOfStatusList())
            assertTrue(s.getLevel() < Status.WARN, "logback said: " + s);
        context.stop();
    }

    @Test
    void writesTheOakleyLogUnderTheConfiguredDirectoryOnly() throws Exception {
        LoggerContext context = load();
        context.getLogger(OakleyLog.LOGGER).info("198.18.0.2 MM#1 sent HDR, SA");
        context.stop();                                   // drains the async queue
        String text = Files.readString(dir.resolve("oakley.log"));
        assertTrue(text.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  198\\.18\\.0\\.2 MM#1 sent HDR, SA\\n"), text);
    }

    @Test
    void putsTheOakleyFileBehindANonBlockingQueueWithBoundedHistory() throws Exception {
        LoggerContext context = load();
        ch.qos.logback.classic.Logger oakley = context.getLogger(OakleyLog.LOGGER);
        AsyncAppender async = (AsyncAppender) oakley.getAppender("OAKLEY");
        assertTrue(async.isNeverBlock());
        assertEquals(0, async.getDiscardingThreshold());
        RollingFileAppender<?> file = (RollingFileAppender<?>) async.getAppender("OAKLEY_FILE");
        SizeAndTimeBasedRollingPolicy<?> policy = (SizeAndTimeBasedRollingPolicy<?>) file.getRollingPolicy();
        assertEquals(14, policy.getMaxHistory());
        assertEquals(dir.resolve("oakley.log").toString(), file.getFile());
        assertEquals(false, oakley.isAdditive(), "Oakley lines stay out of the journal");
        assertEquals(Level.INFO, context.getLogger(AuditEvents.LOGGER).getEffectiveLevel());
        context.stop();
    }

    @Test
    void dropsTimestampsAndAddsPrioritiesUnderTheJournal() {
        assertEquals("%sdprio%logger{36}: %msg%n", ConsolePattern.patternFor(Map.of("JOURNAL_STREAM", "8:12345")));
        assertTrue(ConsolePattern.patternFor(Map.of()).startsWith("%d{"));
    }

    @Test
    void mapsLevelsToSdDaemonPriorities() {
        // sd-daemon(3): SD_ERR "<3>", SD_WARNING "<4>", SD_INFO "<6>", SD_DEBUG "<7>"
        assertEquals("<3>", JournalPriority.prefix(Level.ERROR));
        assertEquals("<4>", JournalPriority.prefix(Level.WARN));
        assertEquals("<6>", JournalPriority.prefix(Level.INFO));
        assertEquals("<7>", JournalPriority.prefix(Level.DEBUG));
        assertEquals("<7>", JournalPriority.prefix(Level.TRACE));
    }
}
