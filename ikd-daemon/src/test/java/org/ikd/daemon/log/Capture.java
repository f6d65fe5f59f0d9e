package org.ikd.daemon.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;

/** A logger of its own LoggerContext whose events a test can read. */
final class Capture {
    final Logger logger;
    private final ListAppender<ILoggingEvent> list = new ListAppender<>();

    Capture(String name) {
        LoggerContext context = new LoggerContext();
        list.setContext(context);
        list.start();
        logger = context.getLogger(name);
        logger.addAppender(list);
    }

    List<String> lines() {
        return list.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }
}
