package org.ikd.daemon.sa;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.Step;
import org.ikd.core.policy.AddressText;
import org.ikd.daemon.datapath.AcquireQueue;
import org.ikd.daemon.policy.PolicyInForce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Fallback to clear" (Windows: allow unsecured communication with non IPsec-aware computers):
 * when the negotiation for a rule that allows it fails or does not finish within the fallback
 * time, a soft association lets that flow pass in the clear (counted as Soft Associations) for
 * {@code softLifetime}, after which the next packet tries IPsec again; an SA made with the peer
 * ends it at once. Other rules' waiting packets are dropped. Runs on the timer thread.
 */
public final class Fallback {
    private static final Logger log = LoggerFactory.getLogger(Fallback.class);

    private final PolicyInForce inForce;
    private final AcquireQueue queue;
    private final OakleyRenderer oakley;
    private final Consumer<BiFunction<IkeEngine, Instant, Step>> engine;
    private final LongSupplier nanos;
    private final long fallbackNanos;
    private final long dropNanos;
    private final long softNanos;

    public Fallback(PolicyInForce inForce, AcquireQueue queue, OakleyRenderer oakley, Consumer<BiFunction<IkeEngine, Instant, Step>> engine,
             LongSupplier nanos,
             Duration fallbackAfter, Duration dropAfter, Duration softLifetime) {
        this.inForce = inForce;
        this.queue = queue;
        this.oakley = oakley;
        this.engine = engine;
        this.nanos = nanos;
        this.fallbackNanos = fallbackAfter.toNanos();
        this.dropNanos = dropAfter.toNanos();
        this.softNanos = softLifetime.toNanos();
    }

    /** Once a second: waits that are over, soft associations that are over. */
    public void tick() {
        List<AcquireQueue.Pending> overdue = queue.overdue(fallbackNanos, dropNanos);
        if (!overdue.isEmpty()) negotiationEnded(overdue, "no SA after " + Duration.ofNanos(fallbackNanos).toSeconds() + " s");
        try {
            for (PolicyInForce.Soft s : inForce.expireSoft(nanos.getAsLong()))
                log.info("soft association for rule '{}' {} ended: the next packet negotiates again", s.rule(), s.flow());
        } catch (IOException e) {
            log.warn("could not end soft associations: {}", e.toString());
        }
    }

    void negotiationEnded(List<AcquireQueue.Pending> ended, String why) {
        for (AcquireQueue.Pending p : ended) {
            if (!p.fallbackToClear()) {
                oakley.acquireAbandoned(p.request(), p.packetCount(), why);
                queue.giveUp(p, false);
                continue;
            }
            try {
                inForce.addSoft(new PolicyInForce.Soft(p.request().ruleName(), p.request().flow(), p.request().peer(),
                        nanos.getAsLong() + softNanos));
                AcquireRequest r = p.request();
                engine.accept((e, now) -> e.softAssociation(r, now));              // the engine counts it
                oakley.softAssociation(p.request(), why);
                queue.giveUp(p, true);
            } catch (IOException | RuntimeException e) {
                log.warn("fallback to clear for {} failed: {}", p.request(), e.toString());
                queue.giveUp(p, false);
            }
        }
    }

    /** An SA now protects traffic with {@code peer}: its soft associations end. */
    void peerProtected(InetAddress peer) {
        try {
            if (inForce.endSoft(peer)) log.info("soft association with {} ended: an SA protects it now", AddressText.of(peer));
        } catch (IOException e) {
            log.warn("could not end the soft association with {}: {}", AddressText.of(peer), e.toString());
        }
    }
}
