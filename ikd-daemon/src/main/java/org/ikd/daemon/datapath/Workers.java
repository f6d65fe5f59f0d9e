package org.ikd.daemon.datapath;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's pump threads and the raw sockets they read: started by the daemon (org.ikd.daemon.Daemon) at start-up,
 * the sockets closed first at stop (which wakes the pumps), then the threads joined. Its lists
 * change only under the daemon's start and stop; readers (health, diag) take a snapshot.
 */
public final class Workers {
    private static final Logger log = LoggerFactory.getLogger(Workers.class);

    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    /** Keeps {@code socket} to close at stop. */
    public <T extends AutoCloseable> T own(T socket) {
        sockets.add(socket);
        return socket;
    }

    public void spawn(Runnable r, String name) {
        Thread t = thread(r, name);
        threads.add(t);
        t.start();
    }

    /** A daemon thread, not started: the JVM never waits for it. */
    public static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Closes the sockets, then joins each thread for up to 2 s; forgets both. */
    public void stop() {
        for (AutoCloseable s : sockets) quietly(s);
        for (Thread t : threads) join(t);
        threads.clear();
        sockets.clear();
    }

    public boolean allAlive() {
        return List.copyOf(threads).stream().allMatch(Thread::isAlive);
    }

    public int count() {
        return threads.size();
    }

    public List<String> stopped() {
        return List.copyOf(threads).stream().filter(t -> !t.isAlive()).map(Thread::getName).toList();
    }

    private static void join(Thread t) {
        try {
            t.join(2000);
            if (t.isAlive()) log.warn("thread {} did not stop within 2 s", t.getName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", c, e.toString());
        }
    }
}
