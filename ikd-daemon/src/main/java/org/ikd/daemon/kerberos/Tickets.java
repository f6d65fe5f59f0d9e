package org.ikd.daemon.kerberos;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that talks to the KDC for one {@link JgssCredentials} ({@code ikd-kerberos}): fetches
 * the TGT and service tickets at start, again at half their remaining life, and after a failure
 * every {@link #RETRY} (each attempt bounded by krb5.conf's {@code kdc_timeout} and
 * {@code max_retries}). It holds the credentials weakly and stops once a new policy dropped them.
 */
final class Tickets {
    private static final Logger log = LoggerFactory.getLogger(Tickets.class);
    static final Duration RETRY = Duration.ofSeconds(10);
    static final Duration MIN_RENEWAL = Duration.ofMinutes(1);

    private final WeakReference<JgssCredentials> owner;
    private final String principal;
    private final ScheduledExecutorService thread;
    private boolean queued;

    Tickets(JgssCredentials owner) {
        this.owner = new WeakReference<>(owner);
        this.principal = owner.principal();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ikd-kerberos");
            t.setDaemon(true);
            return t;
        });
    }

    /** A fetch now, unless one is already waiting to run. */
    synchronized void fetchSoon() {
        if (queued || thread.isShutdown()) return;
        queued = true;
        thread.execute(this::fetch);
    }

    private void fetch() {
        synchronized (this) {
            queued = false;
        }
        JgssCredentials c = owner.get();
        if (c == null) {
            thread.shutdown();
            return;
        }
        Duration next;
        long start = System.nanoTime();
        try {
            c.fetch();
            next = renewal(c.initiatorSubject(), Instant.now());
            log.info("Kerberos: {} has tickets for {} (renewal in {} s)", principal, c.targets(), next.toSeconds());
        } catch (Exception e) {
            // the time it took says whether the KDC answered (an error) or krb5.conf's kdc_timeout ran out
            String why = String.format("cannot get a ticket from the KDC (%.1f s): %s", (System.nanoTime() - start) / 1e9,
                    e instanceof org.ietf.jgss.GSSException g ? JgssContext.describe(g) : reason(e));
            c.failed(why);
            next = RETRY;
            log.warn("Kerberos: {}: {}; again in {} s", principal, why, RETRY.toSeconds());
        }
        thread.schedule(this::fetch, next.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Half the remaining life of the ticket that ends first, at least {@link #MIN_RENEWAL}. */
    static Duration renewal(Subject s, Instant now) {
        Instant end = null;
        for (KerberosTicket t : s.getPrivateCredentials(KerberosTicket.class))
            if (end == null || t.getEndTime().toInstant().isBefore(end)) end = t.getEndTime().toInstant();
        if (end == null) return MIN_RENEWAL;
        Duration half = Duration.between(now, end).dividedBy(2);
        return half.compareTo(MIN_RENEWAL) < 0 ? MIN_RENEWAL : half;
    }

    /** The exception's message and its causes' that add something (JDK: "Receive timed out", KDC error texts). */
    static String reason(Throwable e) {
        StringBuilder b = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause())
            if (c.getMessage() != null && !b.toString().contains(c.getMessage())) b.append(": ").append(c.getMessage());
        return b.toString();
    }
}
