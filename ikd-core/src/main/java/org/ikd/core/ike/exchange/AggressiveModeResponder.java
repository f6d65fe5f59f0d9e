package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.Reaction;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Rule;

/**
 * Aggressive Mode responder with a pre-shared key (RFC 2409 §5.4); NAT-T RFC 3947 §4:
 * <ol>
 * <li>HDR, SA, KE, Ni, IDii --&gt;   the rule is chosen by IDii and the address ({@link AggressiveRules}),
 *     its key makes SKEYID at once   &lt;-- HDR, SA, KE, Nr, IDir, HASH_R, VID..., NAT-D, NAT-D
 * <li>HDR*, HASH_I, NAT-D, NAT-D --&gt;   (or in the clear: RFC 2409 §5.4 draws it so)   established
 * </ol>
 * A message 1 whose IDii selects no rule that opted in is refused with INVALID-EXCHANGE-TYPE, as if ikd
 * did not speak Aggressive Mode (the engine answers most such peers before they get here). Confined to
 * the IKE event loop.
 */
final class AggressiveModeResponder implements Exchange {
    private enum Expect { OFFER, HASH, DONE }

    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final Phase1Material m;
    private Expect expect = Expect.OFFER;
    private Rule rule;
    private Secret psk;
    private Bytes idiiB;
    private String peerId;
    private MessageProtection protection;

    AggressiveModeResponder(IsakmpSa sa, Ikev1Exchanges context) {
        this.sa = sa;
        this.context = context;
        this.m = new Phase1Material(sa, context);
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        return switch (expect) {
            case OFFER -> answer(in);               // HDR, SA, KE, Ni, IDii -->   <-- HDR, SA, KE, Nr, IDir, HASH_R
            case HASH -> authenticate(in, now);     // HDR*, HASH_I -->
            case DONE -> throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for the Aggressive Mode with "
                    + sa.remote() + ", expected none: it is complete");
        };
    }

    private Reaction answer(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.AGGRESSIVE_1, msg);
        IdentificationPayload idii = Wire.one(msg, IdentificationPayload.class);
        idiiB = idii.encodeBody();
        peerId = Identities.describe(idii);
        rule = AggressiveRules.select(context.policy(), sa.remote().getAddress(), idii).orElseThrow(() -> NegotiationFailure.refused(
                IkeEvent.Phase.MAIN_MODE, "Aggressive Mode from " + AddressText.of(sa.remote().getAddress()) + " with id " + peerId
                        + ": no rule with aggressive = true applies to it",
                Wire.unprotectedNotify(sa.cookies(), NotifyType.INVALID_EXCHANGE_TYPE, context.entropy())));
        psk = AggressiveRules.preSharedKey(rule);
        SecurityAssociationPayload offered = Wire.one(msg, SecurityAssociationPayload.class);
        var methods = context.policy().mainMode().methods();
        Phase1Proposals.Choice choice = Phase1Proposals.choose(offered, methods, a -> a.equals(AuthMethod.PRE_SHARED_KEY)
                || rule.isRemoteAccess() && a.equals(AuthMethod.XAUTH_INIT_PRE_SHARED)).orElseThrow(() ->   // iOS: group PSK + XAUTH
                NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, Phase1Proposals.mismatch(offered, methods),
                        Wire.unprotectedNotify(sa.cookies(), NotifyType.NO_PROPOSAL_CHOSEN, context.entropy()))
                        .invalidProposal(Phase1Proposals.proposals(offered, methods, List.of("psk"))));
        m.saiB = offered.encodeBody();
        m.offer = choice.offer();
        m.natMode = rule.options().natTraversal();
        IkeEvent.Progress vendor = m.vendorIds(msg, sa.cookies());
        m.gxi = Wire.one(msg, KeyExchangePayload.class).keyData();
        m.ni = Wire.one(msg, NoncePayload.class).nonce();
        KeyExchangePayload ke = m.keyExchange();            // the chosen transform's group: a KE of another fails in agree
        m.gxr = ke.keyData();
        m.agree(m.gxi);
        m.nr = m.nonce();
        CookiePair c = sa.cookies();
        protection = m.derive(psk, c);
        IdentificationPayload idir = AggressiveRules.ourId(rule, sa.local().getAddress());
        List<Payload> payloads = new ArrayList<>(List.of(choice.reply(), ke, new NoncePayload(m.nr), idir,
                new HashPayload(m.hash(protection, c).responder(idir.encodeBody()))));
        payloads.addAll(VendorIds.ours(m.peer.natTraversal(), false, context.options().fragmentationVendorId()));
        payloads.addAll(m.natDiscovery(c));
        expect = Expect.HASH;
        return Reaction.request(Wire.plain(c, ExchangeType.AGGRESSIVE, 0, payloads), vendor,
                progress("AM#1 recv HDR, SA, KE, Ni, IDii (id " + peerId + ") -> rule '" + rule.name() + "', chose " + choice.offer().method()));
    }

    private Reaction authenticate(InboundMessage in, Instant now) {
        MessageProtection.Opened opened = null;
        IsakmpMessage msg;
        if (in.header().isEncrypted()) {
            opened = protection.open(in.bytes());
            msg = opened.message();
            MessageRules.check(ExchangeStep.AGGRESSIVE_3_PSK, msg);
        } else {
            msg = Wire.decodePlain(in);
            MessageRules.check(ExchangeStep.AGGRESSIVE_3_PSK_CLEAR, msg);
        }
        CookiePair c = sa.cookies();
        if (!m.hash(protection, c).verifyInitiator(idiiB, Wire.one(msg, HashPayload.class).hash()))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, "could not authenticate "
                    + AddressText.of(sa.remote().getAddress()) + " (id " + peerId + "): HASH_I does not match the key of rule '"
                    + rule.name() + "' (pre-shared key mismatch?)", true,
                    List.of(Wire.unprotectedNotify(c, NotifyType.AUTHENTICATION_FAILED, context.entropy())))
                    .notify(NotifyType.AUTHENTICATION_FAILED);
        if (opened != null) protection.accept(opened);
        m.checkNat(msg, c);
        sa.protect(protection);
        if (in.datagram().natTraversalPort() && !sa.natTraversal()) {      // RFC 3947 §4: follow the peer to 4500
            sa.peerMoved(in.datagram().remote());
            sa.floatToNatTraversal(in.datagram().local().getPort(), in.datagram().remote().getPort());
        }
        sa.learned(sa.capabilities().withNat(m.useNatTraversal() && m.nat().localBehindNat(),
                m.peer.natTraversal() == NatTraversalVersion.DRAFT_02, m.natTraversalOnlyForced()));
        if (msg.all(NotificationPayload.class).stream().anyMatch(n -> n.notifyType().equals(NotifyType.INITIAL_CONTACT)))
            sa.initialContactReceived();                                   // RFC 2407 §4.6.3.3
        sa.authenticated(PeerAuthentication.preSharedKey(psk, peerId));
        var settings = context.policy().mainMode();
        sa.budget().limit(settings.masterKeyPfs() ? 1 : settings.quickModeLimit());
        Instant until = now.plusSeconds(m.lifetimeSeconds());
        m.forgetSecrets();
        expect = Expect.DONE;
        return Reaction.done(progress("AM#3 recv HDR" + (opened != null ? "*" : "") + ", HASH_I -> peer authenticated (psk, id "
                        + peerId + ", rule '" + rule.name() + "')"),
                m.established(peerId)).establishing(until);
    }

    @Override
    public void abandoned() {
        if (expect == Expect.DONE) return;
        if (protection != null) protection.destroy();       // keys of a half-open or refused exchange are zeroed at once
        m.forgetSecrets();
    }

    private IkeEvent.Progress progress(String text) {
        return new IkeEvent.Progress(sa.cookies(), sa.remote(), text);
    }

    @Override
    public IkeEvent.Phase phase() {
        return IkeEvent.Phase.MAIN_MODE;
    }

    @Override
    public String name() {
        return "Aggressive Mode message " + (expect == Expect.OFFER ? "1" : "3");
    }
}
