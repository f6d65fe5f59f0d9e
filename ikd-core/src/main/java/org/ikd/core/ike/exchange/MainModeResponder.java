package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
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
import org.ikd.core.ike.auth.PreSharedKeys;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
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
import org.ikd.core.policy.AddressText;

/**
 * Main Mode responder with pre-shared keys (RFC 2409 §5.4), signatures (§5.1, RFC 4754) or Kerberos
 * (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2, {@link KerberosAuthentication}); NAT-T RFC 3947 §3-4:
 * <ol>
 * <li>HDR, SA, VID... --&gt;             &lt;-- HDR, SA, VID...  (the first offered transform we accept)
 * <li>HDR, KE, Ni, NAT-D [, CR] --&gt;   &lt;-- HDR, KE, Nr, NAT-D [, CR...]
 * <li>HDR*, IDii, HASH_I --&gt;          &lt;-- HDR*, IDir, HASH_R  (established)
 * <li>or HDR*, IDii, [CERT,] SIG_I [, CR] --&gt; &lt;-- HDR*, IDir, [CERT,] SIG_R  (CERT if a CR came)
 * <li>Kerberos: HDR, KE, Ni, GSSi --&gt; &lt;-- HDR, KE, Nr, GSSr (the AP-REQ accepted, the peer's principal
 *     checked against the rule), then message 5/6 as with a pre-shared key, the hashes wrapped
 * </ol>
 * A signature transform is accepted when a rule that may negotiate with the peer holds a certificate
 * whose key makes that signature.
 * The key must be chosen before the encrypted IDs arrive, so message 5 is tried under each
 * pre-shared key that may be used with the peer's address, in order; the one whose HASH_I matches
 * wins. Message 5 that opens under none of them is an authentication failure. Confined to the IKE
 * event loop.
 */
final class MainModeResponder implements Exchange {
    private enum Expect { SA, KE_NONCE, ID_HASH, DONE }

    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final Phase1Material m;
    private Expect expect = Expect.SA;
    private List<PreSharedKeys.Candidate> candidates = List.of();
    private CertificateAuthentication signer;         // null: pre-shared key or Kerberos
    private KerberosAuthentication gss;               // Kerberos chosen, else null
    private List<CertificateRequestPayload> peerRequests = List.of();

    MainModeResponder(IsakmpSa sa, Ikev1Exchanges context) {
        this.sa = sa;
        this.context = context;
        this.m = new Phase1Material(sa, context);
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        return switch (expect) {
            case SA -> choose(in);                  // HDR, SA -->           <-- HDR, SA
            case KE_NONCE -> exchangeKeys(in);      // HDR, KE, Ni -->       <-- HDR, KE, Nr
            case ID_HASH -> authenticate(in, now);  // HDR*, IDii, HASH_I --> <-- HDR*, IDir, HASH_R
            case DONE -> throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for the Main Mode with "
                    + sa.remote() + ", expected none: it is complete");
        };
    }

    private Reaction choose(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.MAIN_MODE_1, msg);
        SecurityAssociationPayload offered = Wire.one(msg, SecurityAssociationPayload.class);
        var methods = context.policy().mainMode().methods();
        List<CertificateAuthentication> certs = CertificateAuthentication.forPeer(context.policy(), sa.remote().getAddress());
        var krb = KerberosAuthentication.forPeer(context.policy(), sa.remote().getAddress());
        boolean pskOk = certs.isEmpty() && krb.isEmpty() || !context.preSharedKeys().forPeer(sa.remote().getAddress()).isEmpty();
        boolean xauth = context.policy().rules().stream().anyMatch(org.ikd.core.policy.Rule::isRemoteAccess);
        List<String> accepted = authNames(certs, pskOk, krb.isPresent());
        // 65001 is GSS-API Kerberos and XAUTHInitPreShared at once (AuthMethod): Kerberos when a Kerberos
        // rule covers this peer, else a group PSK then XAUTH (RemoteAccessGateway) when a remote-access rule exists
        Phase1Proposals.Choice choice = Phase1Proposals.choose(offered, methods, a -> a.equals(AuthMethod.PRE_SHARED_KEY) ? pskOk
                : a.equals(AuthMethod.GSSAPI_KERBEROS) ? krb.isPresent() || xauth && pskOk
                : certs.stream().anyMatch(c -> c.scheme().authMethod().equals(a))).orElseThrow(() ->
                NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, Phase1Proposals.mismatch(offered, methods, accepted),
                                Wire.unprotectedNotify(sa.cookies(), NotifyType.NO_PROPOSAL_CHOSEN, context.entropy()))
                        .invalidProposal(Phase1Proposals.proposals(offered, methods, accepted)));
        m.saiB = offered.encodeBody();
        m.offer = choice.offer();
        signer = certs.stream().filter(c -> c.scheme().authMethod().equals(choice.offer().auth())).findFirst().orElse(null);
        if (signer != null) {
            m.authKeyword = signer.scheme().keyword();
            m.authHash = signer.scheme().authenticationHash().orElse(null);
        }
        if (choice.offer().auth().equals(AuthMethod.GSSAPI_KERBEROS) && krb.isPresent()) {
            gss = krb.get();
            m.authKeyword = "kerberos";
        }
        m.natMode = Phase1Material.forPeer(context.policy(), sa.remote().getAddress());
        IkeEvent.Progress vendor = m.vendorIds(msg, sa.cookies());
        List<Payload> payloads = new ArrayList<>(List.of(choice.reply()));
        payloads.addAll(VendorIds.ours(m.peer.natTraversal(), false, context.options().fragmentationVendorId()));
        expect = Expect.KE_NONCE;
        return Reaction.request(Wire.plain(sa.cookies(), ExchangeType.MAIN_MODE, 0, payloads), vendor,
                progress("MM#1 recv HDR, SA -> chose " + choice.offer().method()));
    }

    private Reaction exchangeKeys(InboundMessage in) {
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(gss == null ? ExchangeStep.MAIN_MODE_3 : ExchangeStep.MAIN_MODE_3_GSS, msg);
        peerRequests = msg.all(CertificateRequestPayload.class);
        if (gss != null) return acceptKerberos(in, msg);
        if (signer == null) candidates = context.preSharedKeys().forPeer(sa.remote().getAddress());
        if (signer == null && candidates.isEmpty())
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, "no pre-shared key for "
                    + AddressText.of(sa.remote().getAddress()) + " in any rule", true,
                    List.of(Wire.unprotectedNotify(sa.cookies(), NotifyType.AUTHENTICATION_FAILED, context.entropy())))
                    .notify(NotifyType.AUTHENTICATION_FAILED);
        return keysReply(msg, List.of(), "");
    }

    /** HDR, KE, Nr, NAT-D [, CR...] [, GSSr]: our half of the Diffie-Hellman exchange, Nr and {@code extra}. */
    private Reaction keysReply(IsakmpMessage msg, List<Payload> extra, String note) {
        m.gxi = Wire.one(msg, KeyExchangePayload.class).keyData();
        m.ni = Wire.one(msg, NoncePayload.class).nonce();
        KeyExchangePayload ke = m.keyExchange();
        m.gxr = ke.keyData();
        m.agree(m.gxi);
        m.nr = m.nonce();
        m.checkNat(msg, sa.cookies());
        List<Payload> payloads = new ArrayList<>(List.of(ke, new NoncePayload(m.nr)));
        payloads.addAll(m.natDiscovery(sa.cookies()));
        if (signer != null) payloads.addAll(signer.requests());
        payloads.addAll(extra);
        expect = Expect.ID_HASH;
        return Reaction.request(Wire.plain(sa.cookies(), ExchangeType.MAIN_MODE, 0, payloads),
                progress("MM#3 recv HDR, KE, Ni, " + (gss != null ? "GSSi, " : "") + "NAT-D -> "
                        + (m.useNatTraversal() ? "NAT-T in use" : "no NAT") + note));
    }

    /** draft-ietf-ipsec-isakmp-gss-auth-07 §3.2: GSSi (the AP-REQ) accepted, GSSr (the AP-REP) goes with message 4. */
    private Reaction acceptKerberos(InboundMessage in, IsakmpMessage msg) {
        Bytes refusal = Wire.unprotectedNotify(sa.cookies(), NotifyType.AUTHENTICATION_FAILED, context.entropy());
        Bytes reply = KerberosSteps.run(() -> gss.accept(Wire.one(msg, GssTokenPayload.class).token()), IkeEvent.FailurePoint.ME, refusal);
        String peer = KerberosSteps.run(gss::peer, IkeEvent.FailurePoint.ME, refusal);
        return keysReply(msg, List.of(new GssTokenPayload(reply)), ", Kerberos AP-REQ from " + peer + " accepted");
    }

    private Reaction authenticate(InboundMessage in, Instant now) {
        if (signer != null) return authenticateSignature(in, now);
        if (gss != null) return authenticateKerberos(in, now);
        CookiePair c = sa.cookies();
        List<String> tried = new ArrayList<>();
        for (PreSharedKeys.Candidate k : candidates) {
            MessageProtection protection = m.derive(k.key(), c);
            Authenticated ok = null;
            try {
                ok = tryCandidate(k, protection, in, tried);
            } finally {
                if (ok == null) protection.destroy();          // a candidate that failed: its keys are zeroed at once
            }
            if (ok != null) return established(in, protection, ok.opened(), ok.proof(), now);
        }
        throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, "could not authenticate "
                + AddressText.of(sa.remote().getAddress()) + " (pre-shared key mismatch?): " + String.join("; ", tried), true,
                List.of(Wire.unprotectedNotify(c, NotifyType.AUTHENTICATION_FAILED, context.entropy())))
                .notify(NotifyType.AUTHENTICATION_FAILED);
    }

    /** Message 5 as opened with a candidate PSK's keys, and what the peer proved with it. */
    private record Authenticated(MessageProtection.Opened opened, PeerAuthentication proof) {}

    /** RFC 2409 §5.4: does {@code k} open message 5 with a matching HASH_I? Else null, and why in {@code tried}. */
    private Authenticated tryCandidate(PreSharedKeys.Candidate k, MessageProtection protection, InboundMessage in, List<String> tried) {
        MessageProtection.Opened opened;
        IdentificationPayload idii;
        try {
            opened = protection.open(in.bytes());
            MessageRules.check(ExchangeStep.MAIN_MODE_5_PSK, opened.message());
            idii = Wire.one(opened.message(), IdentificationPayload.class);
        } catch (IsakmpException e) {
            tried.add(k + ": message 5 does not decrypt (" + e.getMessage() + ")");
            return null;
        }
        HashPayload hashI = Wire.one(opened.message(), HashPayload.class);
        String peerId = Identities.describe(idii);
        if (!m.hash(protection, sa.cookies()).verifyInitiator(idii.encodeBody(), hashI.hash())) {
            tried.add(k + ": HASH_I does not match");
            return null;
        }
        if (k.peerId() != null && !k.peerId().equals(peerId)) {
            tried.add(k + ": bound to another ID than " + peerId);
            return null;
        }
        return new Authenticated(opened, PeerAuthentication.preSharedKey(k.key(), peerId));
    }

    /** RFC 2409 §5.1: the initiator's certificate validates, names IDii and its key signed HASH_I. */
    private Reaction authenticateSignature(InboundMessage in, Instant now) {
        MessageProtection protection = m.deriveForSignatures(sa.cookies());
        Authenticated ok = null;
        try {
            ok = verifySignature(protection, in, now);
        } finally {
            if (ok == null) protection.destroy();              // refused or malformed: the keys are zeroed at once
        }
        return established(in, protection, ok.opened(), ok.proof(), now);
    }

    /** draft-ietf-ipsec-isakmp-gss-auth-07 §3.2: SKEYID as with signatures; HASH_I wrapped by the context. */
    private Reaction authenticateKerberos(InboundMessage in, Instant now) {
        MessageProtection protection = m.deriveForSignatures(sa.cookies());
        Authenticated ok = null;
        try {
            MessageProtection.Opened opened = protection.open(in.bytes());
            KerberosSteps.checkHashI(gss, m, opened.message(), protection, sa.cookies(),
                    Wire.unprotectedNotify(sa.cookies(), NotifyType.AUTHENTICATION_FAILED, context.entropy()));
            ok = new Authenticated(opened, PeerAuthentication.kerberos(gss.peer()));
        } finally {
            if (ok == null) protection.destroy();
        }
        return established(in, protection, ok.opened(), ok.proof(), now);
    }

    private Authenticated verifySignature(MessageProtection protection, InboundMessage in, Instant now) {
        CookiePair c = sa.cookies();
        MessageProtection.Opened opened = protection.open(in.bytes());
        IsakmpMessage msg = opened.message();
        MessageRules.check(ExchangeStep.MAIN_MODE_5_SIGNATURE, msg);
        IdentificationPayload idii = Wire.one(msg, IdentificationPayload.class);
        List<CertificateRequestPayload> requests = new ArrayList<>(peerRequests);
        requests.addAll(msg.all(CertificateRequestPayload.class));          // strongSwan asks here, not in message 3
        peerRequests = requests;
        Bytes hashI = m.hash(protection, c).initiator(idii.encodeBody());
        try {
            return new Authenticated(opened, signer.verifyPeer(idii, msg.all(CertificatePayload.class),
                    Wire.one(msg, SignaturePayload.class), hashI, now));
        } catch (AuthenticationRejected e) {
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, "authentication failed: " + e.getMessage(),
                    true, List.of(Wire.unprotectedNotify(c, NotifyType.AUTHENTICATION_FAILED, context.entropy())))
                    .trusted(!e.certificateTrust()).notify(NotifyType.AUTHENTICATION_FAILED);
        }
    }

    private static List<String> authNames(List<CertificateAuthentication> certs, boolean psk, boolean kerberos) {
        List<String> out = new ArrayList<>();
        if (psk) out.add("psk");
        if (kerberos) out.add("kerberos");
        for (CertificateAuthentication c : certs) if (!out.contains(c.scheme().keyword())) out.add(c.scheme().keyword());
        return out;
    }

    private Reaction established(InboundMessage in, MessageProtection protection, MessageProtection.Opened opened,
                                 PeerAuthentication proof, Instant now) {
        String peerId = proof.peerId();
        protection.accept(opened);
        sa.protect(protection);
        if (in.datagram().natTraversalPort() && !sa.natTraversal()) {      // RFC 3947 §4: follow the peer to 4500
            sa.peerMoved(in.datagram().remote());
            sa.floatToNatTraversal(in.datagram().local().getPort(), in.datagram().remote().getPort());
        }
        sa.learned(sa.capabilities().withNat(m.useNatTraversal() && m.nat().localBehindNat(),
                m.peer.natTraversal() == NatTraversalVersion.DRAFT_02, m.natTraversalOnlyForced()));
        if (opened.message().all(NotificationPayload.class).stream().anyMatch(n -> n.notifyType().equals(NotifyType.INITIAL_CONTACT)))
            sa.initialContactReceived();                                   // RFC 2407 §4.6.3.3
        IdentificationPayload idir = signer == null ? Identities.ofAddress(sa.local().getAddress()) : signer.identity();
        Bytes hashR = m.hash(protection, sa.cookies()).responder(gss == null ? idir.encodeBody() : idir.encodeBody().concat(gss.ourTokens()));
        List<Payload> reply = new ArrayList<>(List.of(idir));
        if (gss != null) reply.add(new HashPayload(KerberosSteps.run(() -> gss.wrap(hashR), IkeEvent.FailurePoint.ME)));
        else if (signer == null) reply.add(new HashPayload(hashR));
        else {                                                  // RFC 2409 §5.1: HDR*, IDir, [CERT,] SIG_R
            signer.certificateFor(peerRequests).ifPresent(reply::add);
            reply.add(signer.sign(hashR));
        }
        sa.authenticated(proof);
        var settings = context.policy().mainMode();
        sa.budget().limit(settings.masterKeyPfs() ? 1 : settings.quickModeLimit());
        Instant until = now.plusSeconds(m.lifetimeSeconds());
        m.forgetSecrets();
        if (gss != null) gss.dispose();
        expect = Expect.DONE;
        return Reaction.lastReply(Wire.sealed(sa, ExchangeType.MAIN_MODE, 0, reply),
                progress("MM#5 recv HDR*, IDii, " + (signer == null ? "HASH_I" : "SIG_I") + " -> peer authenticated ("
                        + m.authKeyword + ", id " + peerId + ")"),
                m.established(peerId)).establishing(until);
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
        return "Main Mode " + (expect == Expect.KE_NONCE ? "message 2" : "message 4");
    }
}
