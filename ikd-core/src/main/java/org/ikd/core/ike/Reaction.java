package org.ikd.core.ike;

import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;

/**
 * An exchange's answer to one message (or to its start): encoded ISAKMP messages to send, whether
 * they await a reply (then the engine retransmits them until one comes), events, and whether the
 * exchange is over, and {@code establishedUntil}: the ISAKMP SA is established by this message and
 * lives until then (null: no change). The engine applies it (ExchangeRunner) and acts on it
 * (SaLifecycle.settle: timers, the SA table, acquires waiting) instead of comparing states before
 * and after. An exchange marks a deletion on the SA itself (its abandoned() callback may too).
 */
public record Reaction(List<Bytes> send, boolean awaitReply, List<IkeEvent> events, boolean finished, Instant establishedUntil) {
    public static final Reaction NOTHING = new Reaction(List.of(), false, List.of(), false);

    public Reaction {
        send = List.copyOf(send);
        events = List.copyOf(events);
        if (awaitReply && send.isEmpty()) throw new IllegalArgumentException("awaiting a reply to nothing");
    }

    public Reaction(List<Bytes> send, boolean awaitReply, List<IkeEvent> events, boolean finished) {
        this(send, awaitReply, events, finished, null);
    }

    /** This reaction, and Main Mode (or Aggressive Mode) complete: the ISAKMP SA lives until {@code expiresAt}. */
    public Reaction establishing(Instant expiresAt) {
        return new Reaction(send, awaitReply, events, finished, expiresAt);
    }

    /** Sends {@code message} and retransmits it until the peer answers. */
    public static Reaction request(Bytes message, IkeEvent... events) {
        return new Reaction(List.of(message), true, List.of(events), false);
    }

    /** Sends {@code message}, the last of the exchange on our side (resent only if the peer repeats itself). */
    public static Reaction lastReply(Bytes message, IkeEvent... events) {
        return new Reaction(List.of(message), false, List.of(events), true);
    }

    /** The exchange ends without sending anything. */
    public static Reaction done(IkeEvent... events) {
        return new Reaction(List.of(), false, List.of(events), true);
    }
}
