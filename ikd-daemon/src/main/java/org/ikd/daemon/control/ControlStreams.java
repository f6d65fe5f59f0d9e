package org.ikd.daemon.control;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.ikd.daemon.log.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code watch} requests ({@code ikdctl log}, {@code ikdctl events}, {@code initiate --wait}):
 * each gets a thread of its own ({@code ikd-control-watch-N}), so a long-lived reader never holds
 * one of the two request workers. The first line is a success response; then one
 * {@link StreamLine} per entry, until the reader goes (a failed write: a heartbeat after two idle
 * seconds finds out) or ikd stops. At most {@link EventStream#MAX_SUBSCRIBERS} at once.
 */
final class ControlStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ControlStreams.class);
    static final long HEARTBEAT_MILLIS = 2000;
    private final AtomicInteger n = new AtomicInteger();

    /** Takes over {@code conn}: streams on a new thread and closes it at the end. */
    void start(FramedChannel conn, EventStream.Subscription subscription) {
        Thread t = new Thread(() -> run(conn, subscription), "ikd-control-watch-" + n.incrementAndGet());
        t.setDaemon(true);
        t.start();
    }

    private static void run(FramedChannel conn, EventStream.Subscription s) {
        try (conn; s) {
            write(conn, ControlResponse.success(ControlJson.tree(new Outcome("streaming"))));
            while (true) {
                EventStream.Entry e = s.poll(HEARTBEAT_MILLIS);
                long lost = s.takeLost();
                if (lost > 0) write(conn, StreamLine.lost(lost));
                write(conn, e == null ? StreamLine.heartbeat()
                        : new StreamLine(e.time().toString(), e.source(), e.level(), e.text(), e.fields(), null));
            }
        } catch (EventStream.Ended e) {
            LOG.debug("control: watch ended: ikd stops");
        } catch (IOException e) {
            LOG.debug("control: watch reader left: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(FramedChannel conn, Object line) throws IOException {
        conn.restartClock();
        conn.write(ControlJson.compact(line) + "\n");
    }
}
