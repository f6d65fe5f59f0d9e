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
import org.ikd.core.ike.auth.AuthenticationRejected;
import org.ikd.core.ike.auth.CertificateAuthentication;
import org.ikd.core.ike.auth.KerberosAuthentication;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.CertificatePayload;
import org.ikd.core.isakmp.payload.CertificateRequestPayload;
import org.ikd.core.isakmp.payload.GssTokenPayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.SignaturePayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.NegotiationOptions.NatTraversal;
import org.ikd.core.policy.Rule;

/**
 * Main Mode initiator with pre-shared keys (RFC 2409 §5.4), signatures (§5.1, RFC 4754) or Kerberos
 * (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2, {@link KerberosAuthentication}); NAT-T RFC 3947 §3-4:
 * <ol>
 * <li>HDR, SA, VID... --&gt;                      (our Main Mode methods x the rule's authentication methods)
 * <li>&lt;-- HDR, SA, VID...                      (the one the responder chose)
 * <li>HDR, KE, Ni, NAT-D, NAT-D [, CR...] [, GSSi] --&gt;   (signatures: a CR per trusted CA; Kerberos: the AP-REQ)
 * <li>&lt;-- HDR, KE, Nr, NAT-D, NAT-D [, CR...] [, GSSr]  (keys derived; a NAT, or forcing: float to 4500)
 * <li>HDR*, IDii, HASH_I [, N(INITIAL-CONTACT)] --&gt;   or   HDR*, IDii, [CERT,] SIG_I [, N] --&gt;
 * <li>&lt;-- HDR*, IDir, HASH_R   or   &lt;-- HDR*, IDir, [CERT,] SIG_R   (peer authenticated: established)
 * <li>(Kerberos: HASH_I and HASH_R also cover the sender's tokens and travel wrapped by the GSS-API context)
 * </ol>
 * Confined to the IKE event loop.
 */
final class MainModeInitiator implements Exchange {
    private enum Expect { SA, KE_NONCE, ID_HASH, DONE }

    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final Secret psk;
    private final List<CertificateAuthentication> certificates = new ArrayList<>();
    private final List<AuthMethod> auths = new ArrayList<>();
    private final MainModeSettings settings;
    private final Phase1Material m;
    private Expect expect = Expect.SA;
    private final KerberosAuthentication kerberos;     // null: the rule has no Kerberos method
    private CertificateAuthentication signer;         // null: pre-shared key or Kerberos
    private KerberosAuthentication gss;               // the peer chose Kerberos, else null
    private Bytes gssToken;                           // our first token (the AP-REQ), made before MM#1
    private String kerberosLeftOut = "";              // why Kerberos is not offered, for the MM#1 line
    private Bytes idiiB;

    /** Offers the authentication methods of {@code rule} in its order. */
    MainModeInitiator(IsakmpSa sa, Ikev1Exchanges context, Rule rule) {
        this.sa = sa;
        this.context = context;
        Secret key = null;
        KerberosAuthentication krb = null;
        for (AuthenticationMethod a : rule.authentication()) {
            if (a instanceof AuthenticationMethod.PreSharedKey k && key == null) {
                key = k.key();
                auths.add(AuthMethod.PRE_SHARED_KEY);
            } else if (a instanceof AuthenticationMethod.Certificate c) {
                CertificateAuthentication ca = new CertificateAuthentication(c);
                if (auths.contains(ca.scheme().authMethod())) continue;
                certificates.add(ca);
                auths.add(ca.scheme().authMethod());
            } else if (a instanceof AuthenticationMethod.Kerberos k && krb == null) {
                krb = new KerberosAuthentication(k);
                auths.add(AuthMethod.GSSAPI_KERBEROS);
            }
        }
        this.psk = key;
        this.kerberos = krb;
        this.settings = context.policy().mainMode();
        this.m = new Phase1Material(sa, context);
        m.natMode = rule.options().natTraversal();
    }

    @Override
    public Reaction start(Instant now) {
        if (kerberos != null) startKerberos();
        SecurityAssociationPayload offer = Phase1Proposals.offer(settings.methods(), auths, settings.lifetimeSeconds());
        m.saiB = offer.encodeBody();
        List<Payload> payloads = new ArrayList<>(List.of(offer));
        NatTraversalVersion natT = m.natMode == NatTraversal.OFF ? NatTraversalVersion.NONE : null;     // null: every dialect
        payloads.addAll(VendorIds.ours(natT, context.options().natTraversalDraftOnly(), context.options().fragmentationVendorId()));
        return Reaction.request(Wire.plain(sa.cookies(), ExchangeType.MAIN_MODE, 0, payloads),
                progress("MM#1 send HDR, SA, VID: offer " + settings.methods() + kerberosLeftOut));
    }

    /**
     * The AP-REQ is made before MM#1, so that a missing ticket (KDC unreachable, unknown principal)
     * ends the negotiation before the peer holds any state; with other methods listed, Kerberos is
     * left out of the offer instead. The token goes out with MM#3 (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2).
     */
    private void startKerberos() {
        try {
            gssToken = kerberos.initiate();
        } catch (AuthenticationRejected e) {
            // our own credentials failed, not the peer's proof: event 547 alone, never 545 ("the peer did not authenticate")
            if (auths.size() == 1)
                throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, e.getMessage(), false, List.of());
            auths.remove(AuthMethod.GSSAPI_KERBEROS);
            kerberosLeftOut = " without Kerberos (" + e.getMessage() + ")";
        }
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        return switch (expect) {
            case SA -> chosen(in);                  // <-- HDR, SA            HDR, KE, Ni, NAT-D -->
            case KE_NONCE -> keys(in);              // <-- HDR, KE, Nr, NAT-D  HDR*, IDii, HASH_I -->
            case ID_HASH -> authenticate(in, now);  // <-- HDR*, IDir, HASH_R
            case DONE -> throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for the Main Mode with "
                    + sa.remote() + ", expected none: it is complete");
        };
    }

    private Reaction chosen(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.MAIN_MODE_2, msg);
        SecurityAssociationPayload reply = Wire.one(msg, SecurityAssociationPayload.class);
        List<TransformPayload> ts = reply.proposals().isEmpty() ? List.of() : reply.proposals().get(0).transforms();
        Phase1Proposals.Offer chosen = ts.size() == 1 ? Phase1Proposals.read(ts.get(0)).orElse(null) : null;
        if (reply.proposals().size() != 1 || chosen == null || !settings.methods().contains(chosen.method())
                || !auths.contains(chosen.auth()))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, "peer chose "
                    + (chosen == null ? ts.size() + " transforms" : chosen) + ", which we did not offer (we offered "
                    + settings.methods() + " with " + auths + ")", false, List.of());
        m.offer = chosen;
        signer = certificates.stream().filter(c -> c.scheme().authMethod().equals(chosen.auth())).findFirst().orElse(null);
        if (signer != null) {
            m.authKeyword = signer.scheme().keyword();
            m.authHash = signer.scheme().authenticationHash().orElse(null);
        }
        if (chosen.auth().equals(AuthMethod.GSSAPI_KERBEROS)) {
            gss = kerberos;
            m.authKeyword = "kerberos";
        }
        IkeEvent.Progress vendor = m.vendorIds(msg, in.cookies());
        KeyExchangePayload ke = m.keyExchange();
        m.gxi = ke.keyData();
        m.ni = m.nonce();
        List<Payload> payloads = new ArrayList<>(List.of(ke, new NoncePayload(m.ni)));
        payloads.addAll(m.natDiscovery(in.cookies()));
        if (signer != null) payloads.addAll(signer.requests());
        if (gss != null) payloads.add(new GssTokenPayload(gssToken));
        expect = Expect.KE_NONCE;
        return Reaction.request(Wire.plain(in.cookies(), ExchangeType.MAIN_MODE, 0, payloads), vendor,
                progress("MM#2 recv HDR, SA -> peer chose " + chosen.method()));
    }

    private Reaction keys(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(gss == null ? ExchangeStep.MAIN_MODE_4 : ExchangeStep.MAIN_MODE_4_GSS, msg);
        m.gxr = Wire.one(msg, KeyExchangePayload.class).keyData();
        m.nr = Wire.one(msg, NoncePayload.class).nonce();
        m.agree(m.gxr);
        CookiePair c = in.cookies();
        m.checkNat(msg, c);
        if (gss != null) KerberosSteps.perform(() -> gss.complete(Wire.one(msg, GssTokenPayload.class).token()), IkeEvent.FailurePoint.PEER);
        MessageProtection protection = signer == null && gss == null ? m.derive(psk, c) : m.deriveForSignatures(c);
        sa.protect(protection);
        if (m.useNatTraversal()) {                            // RFC 3947 §4: the initiator floats at message 5
            sa.floatToNatTraversal(context.options().natTraversalPort(), context.options().natTraversalPort());
            sa.learned(sa.capabilities().withNat(m.nat().localBehindNat(), m.peer.natTraversal() == NatTraversalVersion.DRAFT_02,
                    m.natTraversalOnlyForced()));
        }
        IdentificationPayload idii = signer == null ? Identities.ofAddress(sa.local().getAddress()) : signer.identity();
        idiiB = idii.encodeBody();
        Bytes hashI = m.hash(protection, c).initiator(gss == null ? idiiB : idiiB.concat(gss.ourTokens()));
        List<Payload> payloads = new ArrayList<>(List.of(idii));
        if (gss != null) payloads.add(new HashPayload(KerberosSteps.run(() -> gss.wrap(hashI), IkeEvent.FailurePoint.ME)));
        else if (signer == null) payloads.add(new HashPayload(hashI));
        else {                                                  // RFC 2409 §5.1: HDR*, IDii, [CERT,] SIG_I
            signer.certificateFor(msg.all(CertificateRequestPayload.class)).ifPresent(payloads::add);
            payloads.add(signer.sign(hashI));
        }
        if (context.options().initialContact() && sa.sendsInitialContact())
            payloads.add(new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, NotifyType.INITIAL_CONTACT,
                    Bytes.concat(c.initiatorBytes(), c.responderBytes()), Bytes.EMPTY));
        expect = Expect.ID_HASH;
        return Reaction.request(Wire.sealed(protection, c, ExchangeType.MAIN_MODE, 0, payloads),
                progress("MM#4 recv HDR, KE, Nr, " + (gss != null ? "GSSr, NAT-D -> Kerberos AP-REP verified, " : "NAT-D -> ")
                        + "keys derived" + (m.useNatTraversal() ? ", floating to UDP "
                        + context.options().natTraversalPort() : "")));
    }

    private Reaction authenticate(InboundMessage in, Instant now) {
        MessageProtection protection = sa.protection();
        MessageProtection.Opened opened = protection.open(in.bytes());
        PeerAuthentication proof = gss != null ? KerberosSteps.checkHashR(gss, m, opened, protection, in.cookies())
                : signer == null ? PeerAuthentication.preSharedKey(psk, checkHashR(opened, protection, in.cookies()))
                : checkSignatureR(opened, protection, now);
        String peerId = proof.peerId();
        protection.accept(opened);
        sa.authenticated(proof);
        sa.budget().limit(settings.masterKeyPfs() ? 1 : settings.quickModeLimit());
        Instant until = now.plusSeconds(m.lifetimeSeconds());
        m.forgetSecrets();
        expect = Expect.DONE;
        return Reaction.done(progress("MM#6 recv HDR*, IDir, " + (signer == null ? "HASH_R" : "SIG_R")
                        + " -> peer authenticated (" + m.authKeyword + ", id " + peerId + ")"),
                m.established(peerId)).establishing(until);
    }

    private String checkHashR(MessageProtection.Opened opened, MessageProtection protection, CookiePair c) {
        MessageRules.check(ExchangeStep.MAIN_MODE_6_PSK, opened.message());
        IdentificationPayload idir = Wire.one(opened.message(), IdentificationPayload.class);
        HashPayload hashR = Wire.one(opened.message(), HashPayload.class);
        if (!m.hash(protection, c).verifyResponder(idir.encodeBody(), hashR.hash()))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                    "HASH_R from " + Identities.describe(idir) + " does not match: the peer holds another pre-shared key",
                    true, List.of());
        return Identities.describe(idir);
    }

    /** RFC 2409 §5.1: the responder's certificate validates, names IDir and its key signed HASH_R. */
    private PeerAuthentication checkSignatureR(MessageProtection.Opened opened, MessageProtection protection, Instant now) {
        IsakmpMessage msg = opened.message();
        MessageRules.check(ExchangeStep.MAIN_MODE_6_SIGNATURE, msg);
        IdentificationPayload idir = Wire.one(msg, IdentificationPayload.class);
        Bytes hashR = m.hash(protection, sa.cookies()).responder(idir.encodeBody());
        try {
            return signer.verifyPeer(idir, msg.all(CertificatePayload.class), Wire.one(msg, SignaturePayload.class), hashR, now);
        } catch (AuthenticationRejected e) {
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                    "authentication failed: " + e.getMessage(), true, List.of()).trusted(!e.certificateTrust());
        }
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
