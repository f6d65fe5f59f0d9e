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
import org.ikd.core.ike.auth.RuleIdentities;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.NegotiationOptions.NatTraversal;
import org.ikd.core.policy.Rule;

/**
 * Aggressive Mode initiator with a pre-shared key (RFC 2409 §5.4); NAT-T RFC 3947 §4:
 * <ol>
 * <li>HDR, SA, KE, Ni, IDii, VID... --&gt;   (one DH group: the KE goes before any choice, so only the
 *     Main Mode methods with the group of the first are offered)
 * <li>&lt;-- HDR, SA, KE, Nr, IDir, HASH_R, VID..., NAT-D, NAT-D   (keys derived, the responder authenticated)
 * <li>HDR*, HASH_I, NAT-D, NAT-D [, N(INITIAL-CONTACT)] --&gt;   (established; a NAT, or forcing: sent to 4500)
 * </ol>
 * Message 3 goes encrypted, as RFC 3947 §4 draws it and strongSwan sends it; the responder takes either.
 * Confined to the IKE event loop.
 */
final class AggressiveModeInitiator implements Exchange {
    private enum Expect { ANSWER, DONE }

    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final Rule rule;
    private final Secret psk;
    private final List<MainModeMethod> methods;
    private final Phase1Material m;
    private Expect expect = Expect.ANSWER;
    private Bytes idiiB;

    AggressiveModeInitiator(IsakmpSa sa, Ikev1Exchanges context, Rule rule) {
        this.sa = sa;
        this.context = context;
        this.rule = rule;
        this.psk = AggressiveRules.preSharedKey(rule);
        if (psk == null)
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "rule '" + rule.name()
                    + "' asks for Aggressive Mode but holds no pre-shared key (Aggressive Mode is spoken with pre-shared keys only)");
        List<MainModeMethod> all = context.policy().mainMode().methods();
        this.methods = all.stream().filter(x -> x.group().equals(all.get(0).group())).toList();
        this.m = new Phase1Material(sa, context);
        m.natMode = rule.options().natTraversal();
    }

    @Override
    public Reaction start(Instant now) {
        long lifetime = context.policy().mainMode().lifetimeSeconds();
        SecurityAssociationPayload offer = Phase1Proposals.offer(methods, lifetime);
        m.saiB = offer.encodeBody();
        m.offer = new Phase1Proposals.Offer(methods.get(0), AuthMethod.PRE_SHARED_KEY, lifetime);   // its group makes the KE
        KeyExchangePayload ke = m.keyExchange();
        m.gxi = ke.keyData();
        m.ni = m.nonce();
        IdentificationPayload idii = AggressiveRules.ourId(rule, sa.local().getAddress());
        idiiB = idii.encodeBody();
        List<Payload> payloads = new ArrayList<>(List.of(offer, ke, new NoncePayload(m.ni), idii));
        NatTraversalVersion natT = m.natMode == NatTraversal.OFF ? NatTraversalVersion.NONE : null;     // null: every dialect
        payloads.addAll(VendorIds.ours(natT, context.options().natTraversalDraftOnly(), context.options().fragmentationVendorId()));
        return Reaction.request(Wire.plain(sa.cookies(), ExchangeType.AGGRESSIVE, 0, payloads),
                progress("AM#1 send HDR, SA, KE, Ni, IDii: offer " + methods + ", id " + Identities.describe(idii)));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (expect == Expect.DONE)
            throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for the Aggressive Mode with "
                    + sa.remote() + ", expected none: it is complete");
        return authenticate(in, now);         // <-- HDR, SA, KE, Nr, IDir, HASH_R    HDR*, HASH_I -->
    }

    private Reaction authenticate(InboundMessage in, Instant now) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.AGGRESSIVE_2_PSK, msg);
        chosen(msg);
        IkeEvent.Progress vendor = m.vendorIds(msg, in.cookies());
        m.gxr = Wire.one(msg, KeyExchangePayload.class).keyData();
        m.nr = Wire.one(msg, NoncePayload.class).nonce();
        m.agree(m.gxr);
        CookiePair c = in.cookies();
        m.checkNat(msg, c);
        MessageProtection protection = m.derive(psk, c);
        IdentificationPayload idir = Wire.one(msg, IdentificationPayload.class);
        String peerId = checkHashR(protection, c, idir, Wire.one(msg, HashPayload.class));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(m.hash(protection, c).initiator(idiiB))));
        payloads.addAll(m.natDiscovery(c));                  // RFC 3947 §4: the initiator's NAT-D go in message 3
        if (context.options().initialContact() && sa.sendsInitialContact())
            payloads.add(new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, NotifyType.INITIAL_CONTACT,
                    Bytes.concat(c.initiatorBytes(), c.responderBytes()), Bytes.EMPTY));
        sa.protect(protection);
        if (m.useNatTraversal()) {                            // RFC 3947 §4: message 3 already goes to 4500
            sa.floatToNatTraversal(context.options().natTraversalPort(), context.options().natTraversalPort());
            sa.learned(sa.capabilities().withNat(m.nat().localBehindNat(), m.peer.natTraversal() == NatTraversalVersion.DRAFT_02,
                    m.natTraversalOnlyForced()));
        }
        Bytes third = Wire.sealed(protection, c, ExchangeType.AGGRESSIVE, 0, payloads);
        sa.authenticated(PeerAuthentication.preSharedKey(psk, peerId));
        var settings = context.policy().mainMode();
        sa.budget().limit(settings.masterKeyPfs() ? 1 : settings.quickModeLimit());
        Instant until = now.plusSeconds(m.lifetimeSeconds());
        m.forgetSecrets();
        expect = Expect.DONE;
        return new Reaction(List.of(third), false, List.of(vendor,
                progress("AM#2 recv HDR, SA, KE, Nr, IDir, HASH_R -> peer authenticated (psk, id " + peerId + ")"
                        + (m.useNatTraversal() ? ", floating to UDP " + context.options().natTraversalPort() : "")),
                m.established(peerId)), true).establishing(until);
    }

    /** The responder's one transform: one we offered (so of our one group). */
    private void chosen(IsakmpMessage msg) {
        SecurityAssociationPayload reply = Wire.one(msg, SecurityAssociationPayload.class);
        List<TransformPayload> ts = reply.proposals().isEmpty() ? List.of() : reply.proposals().get(0).transforms();
        Phase1Proposals.Offer chosen = ts.size() == 1 ? Phase1Proposals.read(ts.get(0)).orElse(null) : null;
        if (reply.proposals().size() != 1 || chosen == null || !methods.contains(chosen.method())
                || !chosen.auth().equals(AuthMethod.PRE_SHARED_KEY))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, "peer chose "
                    + (chosen == null ? ts.size() + " transforms" : chosen) + ", which we did not offer (we offered "
                    + methods + " with psk in Aggressive Mode)", false, List.of());
        m.offer = chosen;
    }

    /** RFC 2409 §5.4: HASH_R proves the responder holds our key; its IDir must be the rule's peer-id, if it has one. */
    private String checkHashR(MessageProtection protection, CookiePair c, IdentificationPayload idir, HashPayload hashR) {
        String peerId = Identities.describe(idir);
        if (!m.hash(protection, c).verifyResponder(idir.encodeBody(), hashR.hash())) {
            forget(protection);
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                    "HASH_R from " + peerId + " does not match: the peer holds another pre-shared key", true, List.of());
        }
        if (rule.options().peerId() != null) {
            var mismatch = RuleIdentities.mismatchWithPeer(rule.options().peerId(), idir);
            if (mismatch.isPresent()) {
                forget(protection);
                throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                        "the responder is not who rule '" + rule.name() + "' expects: " + mismatch.get(), true, List.of());
            }
        }
        return peerId;
    }

    /** A refused answer: its keys and g^xy are zeroed at once. */
    private void forget(MessageProtection protection) {
        protection.destroy();
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
        return "Aggressive Mode message 1";
    }
}
