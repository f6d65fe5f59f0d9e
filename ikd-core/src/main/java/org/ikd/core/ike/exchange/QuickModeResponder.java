package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
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
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.oakley.Phase2Hash;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaPair;

/**
 * Quick Mode, responder (RFC 2409 §5.5; lifetimes RFC 2407 §4.6.3.1):
 * <ol>
 * <li>HDR*, HASH(1), SA, Ni [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] --&gt;   (find the rule for the traffic;
 *     take the first offered proposal it accepts; keep the peer's NAT-OA for checksum fixes)
 *     &lt;-- HDR*, HASH(2), SA, Nr [, KE] [, IDci, IDcr] [, NAT-OAi, NAT-OAr] [, N(RESPONDER-LIFETIME)]
 *     (NAT-OA when UDP-encapsulated transport mode is chosen: RFC 3947 §5.2)
 *     (the SA pair goes to the data plane as QM#2 leaves: the initiator may use it at once)
 * <li>HDR*, HASH(3) --&gt;                                 (confirms; nothing more to install)
 * </ol>
 * The commit bit is tolerated and ignored, as strongSwan does. Confined to the IKE event loop.
 */
final class QuickModeResponder implements Exchange {
    private enum Expect { QM1, QM3, DONE }

    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final int messageId;
    private final Phase2Material m = new Phase2Material();
    private Expect expect = Expect.QM1;
    private Rule rule;
    private String chosen;
    private IpsecSaPair installed;

    QuickModeResponder(IsakmpSa sa, Ikev1Exchanges context, int messageId) {
        this.sa = sa;
        this.context = context;
        this.messageId = messageId;
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        return switch (expect) {
            case QM1 -> choose(in, now);   // HDR*, HASH(1), SA, Ni, IDci, IDcr -->  <-- HDR*, HASH(2), SA, Nr, IDci, IDcr
            case QM3 -> complete(in);      // HDR*, HASH(3) -->
            case DONE -> throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for Quick Mode "
                    + String.format("%08x", messageId) + ", expected none: it is complete");
        };
    }

    private Reaction choose(InboundMessage in, Instant now) {
        MessageProtection p = sa.protection();
        MessageProtection.Opened opened = p.open(in.bytes());
        IsakmpMessage msg = opened.message();
        MessageRules.check(ExchangeStep.QUICK_MODE_1, msg);
        if (!Phase2Hash.verify(p.phase2Hash().hash1(messageId, msg.encodePayloads(1)), Wire.one(msg, HashPayload.class).hash()))
            throw new IsakmpException(NotifyType.INVALID_HASH_INFORMATION, "HASH(1) does not match");
        p.accept(opened);
        Bytes ni = Wire.one(msg, NoncePayload.class).nonce();
        if (!sa.firstUseOfNonce(ni))                     // RFC 2409 §5.5: fresh nonces make fresh keys
            throw NegotiationFailure.refused(IkeEvent.Phase.QUICK_MODE, "QM#1 under message ID " + String.format("%08x", messageId)
                    + " reuses the nonce of an earlier Quick Mode of this ISAKMP SA (a replay): refused, nothing installed");
        List<IdentificationPayload> ids = msg.all(IdentificationPayload.class);
        m.outbound = ids.isEmpty()
                ? Selector.between(Subnet.host(sa.local().getAddress()), Subnet.host(sa.remote().getAddress()))
                : Identities.selector(ids.get(1), ids.get(0));       // ours: IDcr -> IDci
        PhaseTwoBinding binding = new PhaseTwoBinding(sa, context.policy(), now);
        rule = binding.ruleFor(m.outbound, false);
        Selector translated = rule == null ? NatOriginalAddresses.translated(sa, m.outbound) : null;
        if (translated != null && (rule = binding.ruleFor(translated, true)) != null) m.outbound = translated;
        if (rule == null) throw binding.refusal(m.outbound, informational(NotifyType.INVALID_ID_INFORMATION));
        FilterAction.Negotiate action = (FilterAction.Negotiate) rule.action();
        SecurityAssociationPayload offered = Wire.one(msg, SecurityAssociationPayload.class);
        Phase2Proposals.Bundle bundle = pick(offered, action);
        m.choose(bundle);
        chosen = bundle.toString();
        refuseReusedSpis(bundle);
        m.ni = ni;
        m.nr = Wire.random(context.entropy(), context.options().nonceLength());
        List<Payload> tail = new ArrayList<>();
        tail.add(reply(bundle));
        tail.add(new NoncePayload(m.nr));
        Phase2Proposals.Transform t = bundle.any();
        if (t.group() != null) {
            KeyExchangePayload ke = msg.first(KeyExchangePayload.class).orElseThrow(() -> NegotiationFailure.refused(
                    IkeEvent.Phase.QUICK_MODE, "peer proposed PFS " + t.group().keyword() + " but sent no KE"));
            m.dh = context.dh().generate(t.group());
            tail.add(new KeyExchangePayload(m.dh.publicValue()));
            m.agree(ke.keyData());
        }
        tail.addAll(ids);
        m.natOa = NatOriginalAddresses.peerView(msg, true);
        if (NatOriginalAddresses.wanted(t.mode())) tail.addAll(NatOriginalAddresses.ours(sa, false));     // RFC 3947 §5.2
        tail.addAll(lifetimes(bundle, action));
        Bytes hash2 = p.phase2Hash().hash2(messageId, m.ni, Wire.chain(tail));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(hash2)));
        payloads.addAll(tail);
        Bytes qm2 = Wire.sealed(sa, ExchangeType.QUICK_MODE, messageId, payloads);
        // Every key is known now. The initiator installs its pair when it reads this message and
        // sends at once, so ours goes to the data plane before HASH(3) arrives, as charon's
        // responder does; otherwise its first packets can reach us before our SA exists.
        installed = m.pair(context.nextPairId(), rule.name(), sa, rule.isTunnel(), rule.options().replayWindow(),
                context.options().softLifetimePercent());
        context.ipsecSas().add(installed, sa.remote().getAddress());
        expect = Expect.QM3;
        return Reaction.request(qm2,
                new IkeEvent.Progress(sa.cookies(), sa.remote(), "QM#1 recv HDR*, HASH(1), SA, Ni, IDci, IDcr -> rule '"
                        + rule.name() + "' " + m.outbound + ", chose " + chosen + "; pair " + installed.id() + " installed with QM#2"),
                new IkeEvent.QuickModeEstablished(sa.cookies(), sa.remote(), installed));
    }

    private Reaction complete(InboundMessage in) {
        MessageProtection p = sa.protection();
        MessageProtection.Opened opened = p.open(in.bytes());
        MessageRules.check(ExchangeStep.QUICK_MODE_3, opened.message());
        if (!Phase2Hash.verify(p.phase2Hash().hash3(messageId, m.ni, m.nr), Wire.one(opened.message(), HashPayload.class).hash()))
            throw new IsakmpException(NotifyType.INVALID_HASH_INFORMATION, "HASH(3) does not match");
        p.accept(opened);
        p.forget(messageId);
        expect = Expect.DONE;
        return Reaction.done(new IkeEvent.Progress(sa.cookies(), sa.remote(), "QM#3 recv HDR*, HASH(3) -> '" + rule.name()
                + "' " + chosen + " " + installed.outbound().outermost() + ", " + m.seconds + " s: confirmed"));
    }

    /**
     * The peer's SPIs become our outbound SPIs, which its Deletes name (RFC 2408 §3.15): one already in
     * use with this peer would make a second pair that a Delete of the first also hits.
     */
    private void refuseReusedSpis(Phase2Proposals.Bundle bundle) {
        for (var e : bundle.spis().entrySet()) {
            int spi = Phase2Material.spi(e.getValue()).value();
            if (context.ipsecSas().byOutboundSpi(e.getKey(), spi, sa.remote().getAddress()) != null)
                throw NegotiationFailure.refused(IkeEvent.Phase.QUICK_MODE, "QM#1 reuses SPI " + String.format("%08x", spi)
                        + " of an installed " + e.getKey() + " SA with this peer (a replay?): refused, nothing installed");
        }
    }

    /** Windows' choice: the first offered proposal that one of the rule's methods accepts, in the rule's mode. */
    private Phase2Proposals.Bundle pick(SecurityAssociationPayload offered, FilterAction.Negotiate action) {
        for (List<ProposalPayload> group : Phase2Proposals.byNumber(offered)) {
            for (SecurityMethod method : action.methods()) {
                Optional<Phase2Proposals.Bundle> b = Phase2Proposals.pick(group, t -> t.fits(method)
                        && t.mode().isTunnel() == rule.isTunnel()
                        && (!action.sessionKeyPfs() || action.pfsGroup() == t.group()));
                if (b.isPresent() && b.get().transforms().containsKey(IpsecProtocol.ESP) == method.usesEsp()
                        && b.get().transforms().containsKey(IpsecProtocol.AH) == method.usesAh()) return b.get();
            }
        }
        throw NegotiationFailure.refused(IkeEvent.Phase.QUICK_MODE, "no Quick Mode proposal chosen for rule '" + rule.name()
                + "': peer offered " + Phase2Proposals.describe(offered) + "; we accept " + action.methods() + " in "
                + (rule.isTunnel() ? "tunnel" : "transport") + " mode" + (action.sessionKeyPfs() ? " with pfs "
                + action.pfsGroup().keyword() : ""), informational(NotifyType.NO_PROPOSAL_CHOSEN))
                .invalidProposal(new IkeEvent.ProposalMismatch(List.of(Phase2Proposals.describe(offered)),
                        action.methods().stream().map(String::valueOf).toList())).rule(rule.name());
    }

    /** The chosen proposals, each with our SPI and the transform as offered (RFC 2408 §4.2: echo it). */
    private SecurityAssociationPayload reply(Phase2Proposals.Bundle b) {
        List<ProposalPayload> out = new ArrayList<>();
        for (IpsecProtocol pr : b.transforms().keySet()) {
            var spi = context.ipsecSas().spis().allocate();
            m.ourSpis.put(pr, spi);
            m.peerSpis.put(pr, Phase2Material.spi(b.spis().get(pr)));
            out.add(new ProposalPayload(b.number(), pr == IpsecProtocol.ESP ? ProtocolId.ESP : ProtocolId.AH,
                    Phase2Material.bytes(spi), List.of(b.wire().get(pr))));
        }
        return SecurityAssociationPayload.of(out);
    }

    /** The peer's lifetimes when ours are not shorter; else ours, announced with RESPONDER-LIFETIME. */
    private List<Payload> lifetimes(Phase2Proposals.Bundle b, FilterAction.Negotiate action) {
        SecurityMethod ours = action.methods().stream().filter(x -> b.transforms().values().stream().allMatch(t -> t.fits(x)))
                .findFirst().orElseThrow();
        Phase2Proposals.Transform t = b.any();
        long peerSeconds = t.seconds() > 0 ? t.seconds() : 28800;          // RFC 2407 §4.5: 28800 s when absent
        m.seconds = ours.lifetimeSeconds() > 0 ? Math.min(ours.lifetimeSeconds(), peerSeconds) : peerSeconds;
        m.kilobytes = ours.lifetimeKilobytes() > 0 && (t.kilobytes() == 0 || ours.lifetimeKilobytes() < t.kilobytes())
                ? ours.lifetimeKilobytes() : t.kilobytes();
        if (m.seconds >= peerSeconds && m.kilobytes == t.kilobytes()) return List.of();
        List<Payload> out = new ArrayList<>();
        for (IpsecProtocol pr : b.transforms().keySet())
            out.add(ResponderLifetime.of(pr == IpsecProtocol.ESP ? ProtocolId.ESP : ProtocolId.AH, b.spis().get(pr),
                    m.seconds < peerSeconds ? m.seconds : 0, m.kilobytes != t.kilobytes() ? m.kilobytes : 0));
        return out;
    }

    /**
     * No HASH(1) was accepted: the SPIs we chose will not be used. Once QM#2 went out the pair is
     * installed; if HASH(3) never comes, the engine removes it at the exchange's time-out unless the
     * peer already sends on it ({@link #unconfirmed}).
     */
    @Override
    public void abandoned() {
        if (installed == null) m.ourSpis.values().forEach(s -> context.ipsecSas().spis().release(s));
        m.ourSpis.clear();
    }

    @Override
    public IpsecSaPair unconfirmed() {
        return expect == Expect.QM3 ? installed : null;
    }

    private Bytes informational(NotifyType type) {
        return context.notify(sa, type);
    }

    @Override
    public String ruleName() {
        return rule == null ? null : rule.name();
    }

    @Override
    public Selector flow() {
        return m.outbound;
    }

    @Override
    public IkeEvent.Phase phase() {
        return IkeEvent.Phase.QUICK_MODE;
    }

    @Override
    public String name() {
        return "Quick Mode message 2";
    }
}
