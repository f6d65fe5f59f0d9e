package org.ikd.core.ike.auth;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.CertEncoding;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.payload.CertificatePayload;
import org.ikd.core.isakmp.payload.CertificateRequestPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.SignaturePayload;
import org.ikd.core.pki.CertificateRejected;
import org.ikd.core.pki.Pem;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * Main Mode with signatures (RFC 2409 §5.1) for one certificate method of a rule:
 * <ol>
 * <li>messages 3/4 carry one CR per trust anchor, naming its DER subject (RFC 2408 §3.10);
 * <li>messages 5/6 carry our ID (the rule's {@code local-id}, else DER_ASN1_DN of our subject), our CERT if the peer sent a CR
 *     (X.509 signature encoding, RFC 2408 §3.9) and SIG = our signature over HASH_I or HASH_R;
 * <li>the peer's CERTs are validated against our anchors and CRLs, its ID must name the certificate
 *     (and equal the rule's {@code peer-id} when it has one: {@link RuleIdentities}), and its SIG
 *     must verify over the HASH we compute.
 * </ol>
 * Confined to the IKE event loop.
 */
public final class CertificateAuthentication {
    private final AuthenticationMethod.Certificate method;
    private final SignatureScheme scheme;

    public CertificateAuthentication(AuthenticationMethod.Certificate method) {
        this.method = method;
        this.scheme = SignatureScheme.forKey(method.credential().privateKey()).orElseThrow(() -> new IllegalArgumentException(
                "our key " + method.credential() + " is neither RSA nor ECDSA on P-256, P-384 or P-521"));
    }

    /**
     * The certificate methods of the rules that may negotiate with {@code peer}, in priority order
     * (the default response's for a peer no explicit rule applies to: {@link RulePreSharedKeys#rulesFor}).
     */
    public static List<CertificateAuthentication> forPeer(Policy policy, InetAddress peer) {
        List<CertificateAuthentication> out = new ArrayList<>();
        for (Rule r : RulePreSharedKeys.rulesFor(policy, peer)) {
            for (AuthenticationMethod m : r.authentication())
                if (m instanceof AuthenticationMethod.Certificate c) out.add(new CertificateAuthentication(c));
        }
        return out;
    }

    public SignatureScheme scheme() {
        return scheme;
    }

    public List<CertificateRequestPayload> requests() {
        return method.trust().authorities().stream()
                .map(dn -> new CertificateRequestPayload(CertEncoding.X509_SIGNATURE, Bytes.of(dn))).toList();
    }

    /** Our ID for message 5 or 6: the rule's {@code local-id}, else our certificate's subject DN (RFC 4945 §3.1). */
    public IdentificationPayload identity() {
        if (method.localId() != null) return RuleIdentities.payload(method.localId(), method.credential().certificate());
        return IdentificationPayload.of(IdType.DER_ASN1_DN, Bytes.of(method.credential().subjectDer()));
    }

    /** Our CERT when the peer asked for X.509 certificates (any CA: ikd sends its one certificate). */
    public Optional<CertificatePayload> certificateFor(List<CertificateRequestPayload> requests) {
        boolean asked = requests.stream().anyMatch(r -> r.encoding().equals(CertEncoding.X509_SIGNATURE));
        return asked ? Optional.of(new CertificatePayload(CertEncoding.X509_SIGNATURE, Bytes.of(method.credential().encoded())))
                : Optional.empty();
    }

    public SignaturePayload sign(Bytes hash) {
        return new SignaturePayload(scheme.sign(method.credential().privateKey(), hash));
    }

    /**
     * Authenticates the peer of message 5 or 6; returns its ID for logs, e.g. {@code dn CN=gw,O=Lab}.
     *
     * @param hash the HASH_I or HASH_R we computed for the peer's ID
     */
    public String verify(IdentificationPayload id, List<CertificatePayload> certs, SignaturePayload sig, Bytes hash, Instant now) {
        return verifyPeer(id, certs, sig, hash, now).peerId();
    }

    /** As {@link #verify}, with what the peer proved, for binding its Quick Modes to it ({@link PeerAuthentication}). */
    public PeerAuthentication verifyPeer(IdentificationPayload id, List<CertificatePayload> certs, SignaturePayload sig, Bytes hash,
                                         Instant now) {
        String who = CertificateIdentity.describe(id);
        List<X509Certificate> presented = new ArrayList<>();
        for (CertificatePayload c : certs) {
            if (!c.encoding().equals(CertEncoding.X509_SIGNATURE)) continue;
            try {
                presented.addAll(Pem.certificates(c.data().toArray(), "CERT payload of " + who));
            } catch (CertificateRejected e) {
                throw new AuthenticationRejected(e.getMessage());
            }
        }
        X509Certificate end;
        try {
            end = method.trust().validate(presented, now);
        } catch (CertificateRejected e) {
            throw new AuthenticationRejected("peer " + who + ": " + e.getMessage(), true);
        }
        CertificateIdentity.mismatch(id, end).ifPresent(m -> {
            throw new AuthenticationRejected("peer " + who + ": " + m);
        });
        if (method.peerId() != null)
            RuleIdentities.mismatchWithPeer(method.peerId(), id).ifPresent(m -> {
                throw new AuthenticationRejected("peer " + who + ": " + m);
            });
        if (!scheme.verify(end.getPublicKey(), hash, sig.signature()))
            throw new AuthenticationRejected("peer " + who + ": the " + scheme.keyword() + " signature does not verify under the key of '"
                    + end.getSubjectX500Principal().getName() + "'");
        return PeerAuthentication.certificate(presented, end, id, who);
    }

    @Override
    public String toString() {
        return method + " (" + scheme.keyword() + ")";
    }
}
