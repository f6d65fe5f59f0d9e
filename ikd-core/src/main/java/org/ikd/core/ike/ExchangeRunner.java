package org.ikd.core.ike;

import java.net.InetSocketAddress;
import java.time.Instant;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.ike.PairLifecycle;
import org.ikd.core.policy.AddressText;
import org.ikd.core.sa.IpsecSaPair;

/**
 * Runs exchanges for the engine: feeds them messages, sends what they answer, retransmits what
 * awaits a reply (RFC 2408 §5.1) and answers a byte-exact duplicate with the reply it had. Also ends
 * exchanges that fail or time out. Confined to the IKE event loop.
 */
final class ExchangeRunner {
    private final IkeConfig config;
    private final IkeStatistics stats;
    private final SaLifecycle lifecycle;
    private final PairLifecycle pairs;

    ExchangeRunner(IkeConfig config, IkeStatistics stats, SaLifecycle lifecycle, PairLifecycle pairs) {
        this.config = config;
        this.stats = stats;
        this.lifecycle = lifecycle;
        this.pairs = pairs;
    }

    /**
     * Gives {@code message} to the exchange under its message ID (making a new one with
     * {@code newExchange} when there is none). {@code fresh} SAs enter the table only if the
     * exchange accepts the message. Exceptions other than {@link NegotiationFailure} propagate: the
     * message is dropped and nothing changed ({@link InboundFailures}).
     */
    void deliver(IsakmpSa sa, boolean fresh, InboundMessage message, java.util.function.Supplier<Exchange> newExchange,
                 Instant now, Step.Builder out) {
        ExchangeSlot slot = sa.slots.get(message.messageId());
        if (slot != null && slot.exchangeType >= 0 && slot.exchangeType != message.exchangeType())
            throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE, "found exchange type " + message.exchangeType()
                    + " for message ID " + hex(message.messageId()) + ", expected " + slot.exchangeType + ", its " + slot.exchange.name());
        if (slot != null && slot.isDuplicate(message.bytes())) {
            send(sa, slot, slot.lastSent, out);                        // the peer missed our answer
            return;
        }
        boolean newSlot = slot == null;
        if (newSlot) {
            if (sa.isRetired(message.messageId()))
                throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found message ID " + hex(message.messageId())
                        + ", already used on " + sa.cookies());
            slot = new ExchangeSlot(message.messageId(), newExchange.get());
        }
        InetSocketAddress was = sa.remote();
        boolean moved = movedBehindNat(sa, message);
        if (moved) sa.peerMoved(message.datagram().remote());             // kept only if authenticated
        Reaction r;
        IpsecSaPair unconfirmed = slot.exchange.unconfirmed();
        try {
            r = slot.exchange.receive(message, now);
        } catch (NegotiationFailure f) {
            if (moved) sa.peerMoved(was);
            fail(sa, slot, fresh, f, out);
            return;
        } catch (RuntimeException e) {
            if (moved) sa.peerMoved(was);
            throw e;
        }
        if (newSlot) sa.slots.put(slot.messageId, slot);
        if (!fresh) sa.peerAnswered(true);                                 // it echoed our cookie: SaTable keeps it at the limit
        if (unconfirmed != null && slot.exchange.unconfirmed() == null) pairs.confirmed(unconfirmed.id());   // HASH(3) came
        if (newSlot && !fresh && slot.exchange.phase() == IkeEvent.Phase.QUICK_MODE) sa.budget().start();  // the peer's Quick Mode counts too
        if (moved) followed(sa, was, out);
        if (fresh) lifecycle.admit(sa, now, out);
        if (!sa.cookies().responderKnown() && message.cookies().responderKnown())
            lifecycle.learnResponderCookie(sa, message.cookies().responder());
        slot.exchangeType = message.exchangeType();
        slot.lastReceived = message.bytes();
        apply(sa, slot, r, now, out);
        startFollowUps(sa, now, out);
        for (IsakmpSa.QuickModeRefusal refusal : sa.refusals) refused(sa, refusal, out);
        sa.refusals.clear();
        lifecycle.settle(sa, r.establishedUntil() != null, now, out);
    }

    /**
     * RFC 3947 §4: behind a NAT, the peer's address and port are whatever its NAT gives it now. An
     * encrypted message on UDP 4500 from a new source, once its exchange accepts it (so authenticated),
     * means the NAT re-mapped the peer (its mapping expired or was flushed): IKE follows, as charon does.
     * Until the exchange has decided, the move is tentative; a message it refuses leaves the SA as it was.
     */
    private static boolean movedBehindNat(IsakmpSa sa, InboundMessage message) {
        return sa.state() == IsakmpSa.State.ESTABLISHED && sa.natTraversal() && message.encrypted()
                && message.datagram().natTraversalPort() && !message.datagram().remote().equals(sa.remote());
    }

    /**
     * The exchange accepted the message from the new source (so it was authenticated): its answer
     * and the SAs it negotiated already use it; tell the daemon.
     */
    private void followed(IsakmpSa sa, InetSocketAddress was, Step.Builder out) {
        InetSocketAddress seen = sa.remote();
        lifecycle.publish(new IkeEvent.Progress(sa.cookies(), seen, "NAT mapping changed: peer moved from " + AddressText.of(was.getAddress())
                + ":" + was.getPort() + " (authenticated IKE message)"), out);
        lifecycle.publish(new IkeEvent.PeerMoved(sa.cookies(), was, seen), out);
    }

    /** Starts the exchanges {@code sa} queued ({@link IsakmpSa#follow}), while it stays established. */
    void startFollowUps(IsakmpSa sa, Instant now, Step.Builder out) {
        while (!sa.followUps.isEmpty()) {
            var next = sa.followUps.remove(0);
            if (sa.state() != IsakmpSa.State.ESTABLISHED) continue;
            ExchangeSlot slot = new ExchangeSlot(next.getKey(), next.getValue());
            Reaction r;
            try {
                r = slot.exchange.start(now);
            } catch (NegotiationFailure f) {
                fail(sa, slot, false, f, out);
                continue;
            }
            sa.slots.put(slot.messageId, slot);
            apply(sa, slot, r, now, out);
        }
    }

    /** Starts an exchange we initiate on {@code sa}. */
    void start(IsakmpSa sa, ExchangeSlot slot, Instant now, Step.Builder out) {
        Reaction r;
        try {
            r = slot.exchange.start(now);
        } catch (NegotiationFailure f) {
            fail(sa, slot, false, f, out);
            return;
        }
        sa.slots.put(slot.messageId, slot);
        apply(sa, slot, r, now, out);
        lifecycle.settle(sa, r.establishedUntil() != null, now, out);
    }

    private void apply(IsakmpSa sa, ExchangeSlot slot, Reaction r, Instant now, Step.Builder out) {
        if (r.establishedUntil() != null) sa.establish(r.establishedUntil());     // the exchange's transition, settled after
        slot.lastSent = r.send();
        slot.fragmentId = sa.nextFragmentIds(r.send().size());
        send(sa, slot, r.send(), out);
        TimerKey retransmit = new TimerKey(sa.serial(), TimerKey.Kind.RETRANSMIT, slot.messageId);
        if (r.awaitReply()) {
            slot.transmissions = 1;
            out.timer(TimerRequest.schedule(retransmit, now.plus(config.retransmit().delayAfter(1))));
        } else if (slot.awaitingReply) {
            out.timer(TimerRequest.cancel(retransmit));
        }
        slot.awaitingReply = r.awaitReply();
        for (IkeEvent e : r.events()) {
            lifecycle.publish(sa, e, now, out);
            if (e instanceof IkeEvent.QuickModeEstablished q)
                pairs.established(q, new PairLifecycle.KeyedBy(sa.serial(), sa.role() == IsakmpSa.Role.INITIATOR, sa.peerVendor(),
                        slot.exchange.unconfirmed() != null), now, out);
        }
        if (r.finished() && !slot.finished) {
            slot.finished = true;
            if (slot.messageId != 0)        // phase 1 stays to answer duplicates for the SA's life
                out.timer(TimerRequest.schedule(new TimerKey(sa.serial(), TimerKey.Kind.LINGER, slot.messageId),
                        now.plus(config.retransmit().window())));
        }
    }

    /**
     * The peer refused a Quick Mode (an error notify in an Informational, RFC 2408 §3.14.1): end the
     * exchange it names by SPI, or the one Quick Mode awaiting an answer when it names none; with no
     * such exchange (or several it could mean), only report it.
     */
    private void refused(IsakmpSa sa, IsakmpSa.QuickModeRefusal refusal, Step.Builder out) {
        java.util.List<ExchangeSlot> meant = sa.slots.values().stream()
                .filter(s -> !s.finished && s.awaitingReply && s.exchange.refusedBy(refusal.spi())).toList();
        NegotiationFailure f = new NegotiationFailure(IkeEvent.Phase.QUICK_MODE, IkeEvent.FailurePoint.PEER,
                refusal.reason(), false, java.util.List.of()).notify(refusal.type());
        if (meant.size() != 1) {
            lifecycle.countFailure(sa, f, out);
            return;
        }
        end(sa, meant.get(0), f, out);
    }

    /** The retransmission timer of {@code messageId} fired: resend, or give up on a silent peer. */
    void retransmit(IsakmpSa sa, int messageId, Instant now, Step.Builder out) {
        ExchangeSlot slot = sa.slots.get(messageId);
        if (slot == null || !slot.awaitingReply) return;
        RetransmitPolicy policy = config.retransmit();
        if (slot.transmissions >= policy.transmissions()) {
            slot.awaitingReply = false;
            String reason = "no answer to " + slot.exchange.name() + " after " + slot.transmissions
                    + " transmissions in " + policy.window().toSeconds() + " s";
            end(sa, slot, new NegotiationFailure(slot.exchange.phase(), IkeEvent.FailurePoint.PEER, reason, false,
                    java.util.List.of()), out);
            IpsecSaPair unconfirmed = slot.exchange.unconfirmed();
            if (unconfirmed != null)
                pairs.unconfirmedTimedOut(unconfirmed.id(), new IkeEvent.Progress(sa.cookies(), sa.remote(), "no HASH(3) for pair "
                        + unconfirmed.id() + ", but ESP arrived on it: the peer installed it, kept"), now, out);
            return;
        }
        send(sa, slot, slot.lastSent, out);
        slot.transmissions++;
        out.timer(TimerRequest.schedule(new TimerKey(sa.serial(), TimerKey.Kind.RETRANSMIT, messageId),
                now.plus(policy.delayAfter(slot.transmissions))));
    }

    /** The linger timer of a finished exchange fired. */
    void forget(IsakmpSa sa, int messageId) {
        ExchangeSlot slot = sa.slots.get(messageId);
        if (slot != null && slot.finished) sa.retire(messageId);
    }

    /**
     * Sends {@code messages} of {@code slot}, each as fragments (payload 132, under the slot's fragment
     * IDs) when the settings and the peer allow it and the message would not fit the fragment size.
     */
    private void send(IsakmpSa sa, ExchangeSlot slot, java.util.List<Bytes> messages, Step.Builder out) {
        FragmentationSettings f = config.fragmentation();
        boolean ipv6 = sa.remote().getAddress() instanceof java.net.Inet6Address;
        for (int i = 0; i < messages.size(); i++) {
            Bytes m = messages.get(i);
            OutboundDatagram whole = sa.datagram(m);
            boolean natT = whole.natTraversalPort();
            if (!f.fragments(m.length(), sa.peerDoesFragmentation(), ipv6, natT)) {
                out.send(whole);
                continue;
            }
            for (Bytes fragment : IsakmpFragments.split(m, slot.fragmentId + i, f.fragmentData(ipv6, natT)))
                out.send(sa.datagram(fragment));
        }
    }

    private void fail(IsakmpSa sa, ExchangeSlot slot, boolean fresh, NegotiationFailure f, Step.Builder out) {
        f.of(slot.exchange);
        for (Bytes m : f.answers()) out.send(sa.datagram(m));
        if (fresh) {                                   // never entered the table: nothing else to undo
            slot.exchange.abandoned();
            lifecycle.countFailure(sa, f, out);
            return;
        }
        end(sa, slot, f, out);
    }

    /** Ends a failed exchange; a failed phase 1 takes its ISAKMP SA with it. */
    private void end(IsakmpSa sa, ExchangeSlot slot, NegotiationFailure f, Step.Builder out) {
        lifecycle.countFailure(sa, f.of(slot.exchange), out);
        if (!slot.finished) slot.exchange.abandoned();
        if (slot.awaitingReply)
            out.timer(TimerRequest.cancel(new TimerKey(sa.serial(), TimerKey.Kind.RETRANSMIT, slot.messageId)));
        slot.awaitingReply = false;
        if (slot.messageId == 0 || sa.state() != IsakmpSa.State.ESTABLISHED) {
            sa.delete(f.getMessage(), IkeEvent.DeletedBy.LOCAL);
            lifecycle.remove(sa, out);
        } else {
            sa.retire(slot.messageId);
        }
    }

    static String hex(int messageId) {
        return String.format("%08x", messageId);
    }
}
