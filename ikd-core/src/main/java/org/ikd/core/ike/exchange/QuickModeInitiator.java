package org.ikd.core.ike.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.Reaction;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.Spi;

/**
 * Quick Mode, initiator (RFC 2409 §5.5; lifetimes RFC 2407 §4.5, §4.6.3.1):
 * <ol>
 * <li>HDR*, HASH(1), SA, Ni [, KE] , IDci, IDcr [, NAT-OAi, NAT-OAr] --&gt;   (NAT-OA: RFC 3947 §5.2, UDP transport)
 * <li>&lt;-- HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] [, N(RESPONDER-LIFETIME)]
 * <li>HDR*, HASH(3) --&gt;                                 (the SA pair goes to the data plane, with the QM#1 to QM#2 round trip)
 * </ol>
 * Confined to the IKE event loop.
 */
final class QuickModeInitiator implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final int messageId;
    private final Rule rule;
    private final FilterAction.Negotiate action;
    private final AcquireRequest acquire;
    private final Phase2Material m = new Phase2Material();
    private final List<Map<IpsecProtocol, Bytes>> offeredSpis = new ArrayList<>();
    private IdentificationPayload idci;
    private IdentificationPayload idcr;
    private Instant sentAt;
    private boolean done;

    @Override
    public String ruleName() {
        return acquire.ruleName();
    }

    @Override
    public org.ikd.core.policy.Selector flow() {
        return acquire.flow();
    }

    QuickModeInitiator(IsakmpSa sa, Ikev1Exchanges context, int messageId, Rule rule, AcquireRequest acquire) {
        this.sa = sa;
        this.context = context;
        this.messageId = messageId;
        this.rule = rule;
        this.action = (FilterAction.Negotiate) rule.action();
        this.acquire = acquire;
    }

    @Override
    public Reaction start(Instant now) {
        sentAt = now;
        for (SecurityMethod method : action.methods()) {
            Map<IpsecProtocol, Bytes> spis = new EnumMap<>(IpsecProtocol.class);
            if (method.usesEsp()) spis.put(IpsecProtocol.ESP, Phase2Material.bytes(context.ipsecSas().spis().allocate()));
            if (method.usesAh()) spis.put(IpsecProtocol.AH, Phase2Material.bytes(context.ipsecSas().spis().allocate()));
            offeredSpis.add(spis);
        }
        SecurityAssociationPayload offer = Phase2Proposals.offer(action.methods(), offeredSpis,
                context.encapsulation(sa, rule.isTunnel()), action.sessionKeyPfs() ? action.pfsGroup() : null);
        m.ni = Wire.random(context.entropy(), context.options().nonceLength());
        List<Payload> tail = new ArrayList<>(List.of(offer, new NoncePayload(m.ni)));
        if (action.sessionKeyPfs()) {
            m.dh = context.dh().generate(action.pfsGroup());
            tail.add(new KeyExchangePayload(m.dh.publicValue()));
        }
        m.outbound = acquire.flow();
        idci = Identities.ofSide(m.outbound.source(), m.outbound.protocol(), m.outbound.sourcePorts());
        idcr = Identities.ofSide(m.outbound.destination(), m.outbound.protocol(), m.outbound.destinationPorts());
        tail.add(idci);
        tail.add(idcr);
        boolean natOa = NatOriginalAddresses.wanted(context.encapsulation(sa, rule.isTunnel()));
        if (natOa) tail.addAll(NatOriginalAddresses.ours(sa, true));         // RFC 3947 §5.2
        Bytes hash1 = sa.protection().phase2Hash().hash1(messageId, Wire.chain(tail));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(hash1)));
        payloads.addAll(tail);
        return Reaction.request(Wire.sealed(sa, ExchangeType.QUICK_MODE, messageId, payloads),
                progress("QM#1 send HDR*, HASH(1), SA, Ni" + (action.sessionKeyPfs() ? ", KE" : "") + ", IDci, IDcr" + (natOa ? ", NAT-OA" : "") + ": '"
                        + rule.name() + "' " + m.outbound + " offering " + action.methods()));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (done) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for Quick Mode "
                + String.format("%08x", messageId) + ", expected none: it is complete");
        MessageProtection p = sa.protection();
        MessageProtection.Opened opened = p.open(in.bytes());
        IsakmpMessage msg = opened.message();
        MessageRules.check(ExchangeStep.QUICK_MODE_2, msg);
        Bytes hash2 = p.phase2Hash().hash2(messageId, m.ni, msg.encodePayloads(1));
        if (!org.ikd.core.oakley.Phase2Hash.verify(hash2, Wire.one(msg, HashPayload.class).hash()))
            throw new org.ikd.core.isakmp.error.IsakmpException(NotifyType.INVALID_HASH_INFORMATION, "HASH(2) does not match");
        p.accept(opened);
        Phase2Proposals.Bundle chosen = chosen(Wire.one(msg, SecurityAssociationPayload.class));
        m.choose(chosen);
        SecurityMethod method = action.methods().get(chosen.number() - 1);
        for (IpsecProtocol pr : m.transforms.keySet()) {
            m.ourSpis.put(pr, Phase2Material.spi(offeredSpis.get(chosen.number() - 1).get(pr)));
            m.peerSpis.put(pr, Phase2Material.spi(chosen.spis().get(pr)));
        }
        m.nr = Wire.one(msg, NoncePayload.class).nonce();
        if (m.dh != null) m.agree(Wire.one(msg, KeyExchangePayload.class).keyData());
        checkIds(msg);
        m.natOa = NatOriginalAddresses.peerView(msg, false);
        lifetimes(method, chosen, msg.all(NotificationPayload.class));
        releaseUnchosen(chosen.number());
        IpsecSaPair pair = m.pair(context.nextPairId(), rule.name(), sa, rule.isTunnel(), rule.options().replayWindow(),
                context.options().softLifetimePercent());
        context.ipsecSas().add(pair, sa.remote().getAddress());
        Bytes hash3 = p.phase2Hash().hash3(messageId, m.ni, m.nr);
        Bytes qm3 = Wire.sealed(sa, ExchangeType.QUICK_MODE, messageId, List.of(new HashPayload(hash3)));
        p.forget(messageId);
        done = true;
        return Reaction.lastReply(qm3, progress("QM#2 recv HDR*, HASH(2), SA, Nr -> '" + rule.name() + "' " + chosen + " "
                + pair.outbound().outermost() + ", " + m.seconds + " s"),
                new IkeEvent.QuickModeEstablished(sa.cookies(), sa.remote(), pair, Duration.between(sentAt, now)));
    }

    /**
     * The responder must answer with exactly one of our proposal numbers and a transform we offered in
     * it; anything else is a peer choosing what we never allowed, counted as a refused selector.
     */
    private Phase2Proposals.Bundle chosen(SecurityAssociationPayload reply) {
        List<List<ProposalPayload>> groups = Phase2Proposals.byNumber(reply);
        int n = groups.size() == 1 ? groups.get(0).get(0).number() : -1;
        if (n < 1 || n > action.methods().size())
            throw NegotiationFailure.selectorsRefused(IkeEvent.Phase.QUICK_MODE, "peer answered with " + groups.size()
                    + " proposals numbered " + n + " (expected one of 1.." + action.methods().size() + ")");
        SecurityMethod method = action.methods().get(n - 1);
        return Phase2Proposals.pick(groups.get(0), t -> t.fits(method))
                .filter(b -> b.transforms().containsKey(IpsecProtocol.ESP) == method.usesEsp()
                        && b.transforms().containsKey(IpsecProtocol.AH) == method.usesAh())
                .orElseThrow(() -> NegotiationFailure.selectorsRefused(IkeEvent.Phase.QUICK_MODE, "peer chose "
                        + Phase2Proposals.describe(reply) + " for proposal " + n + ", which offered " + method));
    }

    /** RFC 2409 §5.5: the responder's IDs, when it sends them, are exactly ours (we never accept a narrowing). */
    private void checkIds(IsakmpMessage msg) {
        List<IdentificationPayload> ids = msg.all(IdentificationPayload.class);
        if (!ids.isEmpty() && (!ids.get(0).equals(idci) || !ids.get(1).equals(idcr)))
            throw NegotiationFailure.selectorsRefused(IkeEvent.Phase.QUICK_MODE, "peer answered for other traffic: "
                    + Identities.selector(ids.get(0), ids.get(1)) + " (we asked for " + m.outbound + ")");
    }

    /** Ours, unless the peer's RESPONDER-LIFETIME (RFC 2407 §4.6.3.1) says shorter. */
    private void lifetimes(SecurityMethod method, Phase2Proposals.Bundle chosen, List<NotificationPayload> notifies) {
        m.seconds = method.lifetimeSeconds();
        m.kilobytes = method.lifetimeKilobytes();
        for (NotificationPayload n : notifies) {
            if (!n.notifyType().equals(NotifyType.RESPONDER_LIFETIME)) continue;
            long[] life = Phase2Proposals.lifetimes(ResponderLifetime.attributes(n.data()));
            if (life[0] > 0 && (m.seconds == 0 || life[0] < m.seconds)) m.seconds = life[0];
            if (life[1] > 0 && (m.kilobytes == 0 || life[1] < m.kilobytes)) m.kilobytes = life[1];
        }
    }

    private void releaseUnchosen(int number) {
        for (int i = 0; i < offeredSpis.size(); i++)
            if (i != number - 1) offeredSpis.get(i).values().forEach(s -> context.ipsecSas().spis().release(Phase2Material.spi(s)));
    }

    /** Until the answer comes: an error notify names one of our offered SPIs, or none (zero or empty). */
    @Override
    public boolean refusedBy(Bytes spi) {
        if (done) return false;
        if (spi.isEmpty() || spi.equals(Bytes.of(new byte[spi.length()]))) return true;
        return offeredSpis.stream().anyMatch(m -> m.containsValue(spi));
    }

    /** The Quick Mode failed or timed out: none of the SPIs we offered will be used. */
    @Override
    public void abandoned() {
        if (done) return;
        offeredSpis.forEach(spis -> spis.values().forEach(s -> context.ipsecSas().spis().release(Phase2Material.spi(s))));
        offeredSpis.clear();
    }

    private IkeEvent.Progress progress(String text) {
        return new IkeEvent.Progress(sa.cookies(), sa.remote(), text);
    }

    @Override
    public IkeEvent.Phase phase() {
        return IkeEvent.Phase.QUICK_MODE;
    }

    @Override
    public String name() {
        return "Quick Mode message 1 (" + rule.name() + ")";
    }
}
