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
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.policy.MainModeSettings;

/**
 * Main Mode with pre-shared keys, initiator (RFC 2409 §5.4; NAT-T RFC 3947 §3-4):
 * <ol>
 * <li>HDR, SA, VID... --&gt;                      (our Main Mode methods in order)
 * <li>&lt;-- HDR, SA, VID...                      (the one the responder chose)
 * <li>HDR, KE, Ni, NAT-D, NAT-D --&gt;
 * <li>&lt;-- HDR, KE, Nr, NAT-D, NAT-D            (keys derived; a NAT, or forcing: float to 4500)
 * <li>HDR*, IDii, HASH_I [, N(INITIAL-CONTACT)] --&gt;
 * <li>&lt;-- HDR*, IDir, HASH_R                   (peer authenticated: established)
 * </ol>
 * Confined to the IKE event loop.
 */
final class MainModeInitiator implements Exchange {
    private enum Expect { SA, KE_NONCE, ID_HASH, DONE }

    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final Secret psk;
    private final MainModeSettings settings;
    private final Phase1Material m;
    private Expect expect = Expect.SA;
    private Bytes idiiB;

    MainModeInitiator(IsakmpSa sa, Ikev1Exchanges context, Secret psk) {
        this.sa = sa;
        this.context = context;
        this.psk = psk;
        this.settings = context.policy().mainMode();
        this.m = new Phase1Material(sa, context);
    }

    @Override
    public Reaction start(Instant now) {
        SecurityAssociationPayload offer = Phase1Proposals.offer(settings.methods(), settings.lifetimeSeconds());
        m.saiB = offer.encodeBody();
        List<Payload> payloads = new ArrayList<>(List.of(offer));
        payloads.addAll(VendorIds.ours(null));
        return Reaction.request(Wire.plain(sa.cookies(), ExchangeType.MAIN_MODE, 0, payloads),
                progress("MM#1 send HDR, SA, VID: offer " + settings.methods()));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        return switch (expect) {
            case SA -> chosen(in);                  // <-- HDR, SA            HDR, KE, Ni, NAT-D -->
            case KE_NONCE -> keys(in);              // <-- HDR, KE, Nr, NAT-D  HDR*, IDii, HASH_I -->
            case ID_HASH -> authenticate(in, now);  // <-- HDR*, IDir, HASH_R
            case DONE -> throw new IllegalArgumentException("Main Mode with " + sa.remote() + " is already complete");
        };
    }

    private Reaction chosen(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.MAIN_MODE_2, msg);
        SecurityAssociationPayload reply = Wire.one(msg, SecurityAssociationPayload.class);
        List<TransformPayload> ts = reply.proposals().isEmpty() ? List.of() : reply.proposals().get(0).transforms();
        Phase1Proposals.Offer chosen = ts.size() == 1 ? Phase1Proposals.read(ts.get(0)).orElse(null) : null;
        if (reply.proposals().size() != 1 || chosen == null || !settings.methods().contains(chosen.method()))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, "peer chose "
                    + (chosen == null ? ts.size() + " transforms" : chosen) + ", which we did not offer (we offered "
                    + settings.methods() + ")", false, List.of());
        m.offer = chosen;
        IkeEvent.Progress vendor = m.vendorIds(msg, in.cookies());
        KeyExchangePayload ke = m.keyExchange();
        m.gxi = ke.keyData();
        m.ni = m.nonce();
        List<Payload> payloads = new ArrayList<>(List.of(ke, new NoncePayload(m.ni)));
        payloads.addAll(m.natDiscovery(in.cookies()));
        expect = Expect.KE_NONCE;
        return Reaction.request(Wire.plain(in.cookies(), ExchangeType.MAIN_MODE, 0, payloads), vendor,
                progress("MM#2 recv HDR, SA -> peer chose " + chosen.method()));
    }

    private Reaction keys(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.MAIN_MODE_4, msg);
        m.gxr = Wire.one(msg, KeyExchangePayload.class).keyData();
        m.nr = Wire.one(msg, NoncePayload.class).nonce();
        m.agree(m.gxr);
        CookiePair c = in.cookies();
        m.checkNat(msg, c);
        MessageProtection protection = m.derive(psk, c);
        sa.protect(protection);
        if (m.useNatTraversal()) {                            // RFC 3947 §4: the initiator floats at message 5
            sa.floatToNatTraversal(context.options().natTraversalPort(), context.options().natTraversalPort());
            sa.behindNat(m.nat().localBehindNat());
            sa.natTraversalDraft(m.peer.natTraversal() == NatTraversalVersion.DRAFT_02);
        }
        IdentificationPayload idii = Identities.ofAddress(sa.local().getAddress());
        idiiB = idii.encodeBody();
        List<Payload> payloads = new ArrayList<>(List.of(idii, new HashPayload(m.hash(protection, c).initiator(idiiB))));
        if (context.options().initialContact())
            payloads.add(new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, NotifyType.INITIAL_CONTACT,
                    Bytes.concat(c.initiatorBytes(), c.responderBytes()), Bytes.EMPTY));
        expect = Expect.ID_HASH;
        return Reaction.request(Wire.sealed(protection, c, ExchangeType.MAIN_MODE, 0, payloads),
                progress("MM#4 recv HDR, KE, Nr, NAT-D -> keys derived" + (m.useNatTraversal() ? ", floating to UDP "
                        + context.options().natTraversalPort() : "")));
    }

    private Reaction authenticate(InboundMessage in, Instant now) {
        MessageProtection protection = sa.protection();
        MessageProtection.Opened opened = protection.open(in.bytes());
        MessageRules.check(ExchangeStep.MAIN_MODE_6_PSK, opened.message());
        IdentificationPayload idir = Wire.one(opened.message(), IdentificationPayload.class);
        HashPayload hashR = Wire.one(opened.message(), HashPayload.class);
        if (!m.hash(protection, in.cookies()).verifyResponder(idir.encodeBody(), hashR.hash()))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                    "HASH_R from " + Identities.describe(idir) + " does not match: the peer holds another pre-shared key",
                    true, List.of());
        protection.accept(opened);
        String peerId = Identities.describe(idir);
        sa.authenticated(peerId);
        sa.establish(now.plusSeconds(m.lifetimeSeconds()));
        m.forgetSecrets();
        expect = Expect.DONE;
        return Reaction.done(progress("MM#6 recv HDR*, IDir, HASH_R -> peer authenticated (psk, id " + peerId + ")"),
                new IkeEvent.PhaseOneEstablished(sa.cookies(), sa.local(), sa.remote(), sa.role(), peerId, m.summary()));
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
        return "Main Mode " + (expect == Expect.SA ? "message 1" : expect == Expect.KE_NONCE ? "message 3" : "message 5");
    }
}
