package org.ikd.core.ike;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.sa.IpsecSaPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quick Mode responder pairs whose HASH(3) never came (RFC 2409 §5.5). The responder installs its
 * pair as QM#2 leaves, because the initiator may send on it at once; when QM#2 then goes
 * unanswered through every retransmission, either the initiator never read QM#2 (it has no pair,
 * ours would stay until its lifetime ends) or only HASH(3) was lost. ESP that arrived on the pair
 * tells them apart: the initiator sends on it, so the pair is kept. Otherwise it is removed, with a
 * Delete for its inbound SPIs (RFC 2408 §3.15) in case the peer has it after all. Confined to the
 * IKE event loop.
 */
final class UnconfirmedPairs {
    private static final Logger log = LoggerFactory.getLogger(UnconfirmedPairs.class);

    private final IpsecSaRegistry ipsecSas;
    private final ExchangeFactory exchanges;
    private final Entropy entropy;
    private final SaLifecycle lifecycle;

    UnconfirmedPairs(IpsecSaRegistry ipsecSas, ExchangeFactory exchanges, Entropy entropy, SaLifecycle lifecycle) {
        this.ipsecSas = ipsecSas;
        this.exchanges = exchanges;
        this.entropy = entropy;
        this.lifecycle = lifecycle;
    }

    /** The Quick Mode on {@code sa} that installed {@code pair} gave up waiting for HASH(3). */
    void timedOut(IsakmpSa sa, IpsecSaPair pair, Step.Builder out) {
        if (ipsecSas.find(pair.id()) == null) return;                   // a Delete or an expiry came first
        if (ipsecSas.inboundSeen(pair.id())) {
            lifecycle.publish(new IkeEvent.Progress(sa.cookies(), sa.remote(), "no HASH(3) for pair " + pair.id()
                    + ", but ESP arrived on it: the peer installed it, kept"), out);
            return;
        }
        if (sa.state() == IsakmpSa.State.ESTABLISHED) {
            try {
                for (Bytes m : exchanges.deleteIpsec(sa, sa.newMessageId(entropy), pair)) out.send(sa.datagram(m));
            } catch (RuntimeException e) {
                log.warn("could not build the Delete for IPsec SA pair {}", pair.id(), e);
            }
        }
        ipsecSas.remove(pair.id());
        lifecycle.publish(new IkeEvent.SaDeleted(IkeEvent.IpsecSaRef.of(pair, sa.remote()),
                "Quick Mode not confirmed: no HASH(3) and no ESP on the pair", IkeEvent.DeletedBy.LOCAL), out);
    }
}
