package org.ikd.daemon.log;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * The live Oakley log and audit events, for {@code ikdctl log} and {@code ikdctl events}: a Logback
 * appender on the loggers {@code OAKLEY} and {@code ikd.events} hands each line, with its typed
 * key-value pairs, to every subscriber. So the stream holds exactly what the log files and the
 * journal get, from any thread that logs, and the protocol code knows nothing of it.
 *
 * <p>A subscriber has a bounded queue: one that reads too slowly loses lines (counted and told),
 * never the daemon's time or memory. Delivery happens on the logging thread and never blocks it.
 */
public final class EventStream {
    /** At most this many live subscribers; ikdctl log on a busy gateway should not multiply work unbounded. */
    public static final int MAX_SUBSCRIBERS = 8;

    /** One line: its source ({@code oakley} or {@code event}), level, text and fields (event id, rule, peer, ...). */
    public record Entry(Instant time, String source, String level, String text, Map<String, Object> fields) {
        public Object field(String key) {
            return fields.get(key);
        }
    }

    private final Set<Subscription> subscribers = new CopyOnWriteArraySet<>();
    private final Appender appender = new Appender();

    /** Attaches the stream to the loggers of the Oakley log and the audit events. */
    public static EventStream attach() {
        EventStream s = new EventStream();
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            s.appender.setContext(ctx);
            s.appender.setName("ikd-event-stream");
            s.appender.start();
            for (String name : List.of(OakleyLog.LOGGER, AuditEvents.LOGGER)) ctx.getLogger(name).addAppender(s.appender);
        }
        return s;
    }

    /** Detaches from the loggers; subscribers see the end of the stream. */
    public void detach() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)
            for (String name : List.of(OakleyLog.LOGGER, AuditEvents.LOGGER)) {
                Logger l = ctx.getLogger(name);
                l.detachAppender(appender);
            }
        appender.stop();
        subscribers.forEach(Subscription::close);
    }

    /** A new subscription, or null when {@link #MAX_SUBSCRIBERS} are live. */
    public Subscription subscribe(Predicate<Entry> filter, int capacity) {
        synchronized (subscribers) {
            if (subscribers.size() >= MAX_SUBSCRIBERS) return null;
            Subscription s = new Subscription(filter, capacity);
            subscribers.add(s);
            return s;
        }
    }

    /** Hands one entry to every subscriber whose filter takes it (tests and the appender). */
    void publish(Entry e) {
        for (Subscription s : subscribers) s.offer(e);
    }

    /** One reader's view: entries in order, lost ones counted. */
    public final class Subscription implements AutoCloseable {
        private static final Entry END = new Entry(Instant.EPOCH, "end", "INFO", "", Map.of());
        private final Predicate<Entry> filter;
        private final ArrayBlockingQueue<Entry> queue;
        private final AtomicLong lost = new AtomicLong();

        private Subscription(Predicate<Entry> filter, int capacity) {
            this.filter = filter;
            this.queue = new ArrayBlockingQueue<>(capacity + 1);
        }

        private void offer(Entry e) {
            if (filter.test(e) && !queue.offer(e)) lost.incrementAndGet();
        }

        /** The next entry, or null after {@code timeoutMillis} without one; throws when the stream ended. */
        public Entry poll(long timeoutMillis) throws InterruptedException, Ended {
            Entry e = queue.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (e == END) throw new Ended();
            return e;
        }

        /** Entries dropped because this reader fell behind, since the last call. */
        public long takeLost() {
            return lost.getAndSet(0);
        }

        @Override
        public void close() {
            subscribers.remove(this);
            queue.clear();
            queue.offer(END);
        }
    }

    /** The daemon is stopping. */
    public static final class Ended extends Exception {
        Ended() {
            super("ikd stopped", null, false, false);
        }
    }

    private final class Appender extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            if (subscribers.isEmpty()) return;
            Map<String, Object> fields = new LinkedHashMap<>();
            List<KeyValuePair> kv = event.getKeyValuePairs();
            if (kv != null) for (KeyValuePair p : kv) fields.put(p.key, p.value);
            String source = AuditEvents.LOGGER.equals(event.getLoggerName()) ? "event" : "oakley";
            publish(new Entry(Instant.ofEpochMilli(event.getTimeStamp()), source, event.getLevel().toString(),
                    event.getFormattedMessage(), java.util.Collections.unmodifiableMap(fields)));
        }
    }
}
