package org.ikd.core.ike;

import java.util.List;
import org.ikd.core.crypto.Bytes;

/**
 * An exchange's answer to one message (or to its start): encoded ISAKMP messages to send, whether
 * they await a reply (then the engine retransmits them until one comes), events, and whether the
 * exchange is over. State changes of the ISAKMP SA itself go through {@link IsakmpSa}.
 */
public record Reaction(List<Bytes> send, boolean awaitReply, List<IkeEvent> events, boolean finished) {
    public static final Reaction NOTHING = new Reaction(List.of(), false, List.of(), false);

    public Reaction {
        send = List.copyOf(send);
        events = List.copyOf(events);
        if (awaitReply && send.isEmpty()) throw new IllegalArgumentException("awaiting a reply to nothing");
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
