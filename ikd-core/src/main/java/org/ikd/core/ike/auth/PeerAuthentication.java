package org.ikd.core.ike.auth;

import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.pki.CertificateRejected;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Rule;

/**
 * What a Main Mode proved about its peer, kept with the ISAKMP SA so that each Quick Mode can be
 * bound to it (RFC 2409 §5.5 and §9: phase 2 inherits the authentication of phase 1). A rule may key
 * Quick Modes on this SA only when its own authentication methods accept the same proof:
 * <ul>
 * <li>pre-shared key: the rule holds the same key (compared by a keyed fingerprint, so that a
 *     reloaded policy with the same key still matches and the key itself is not kept here);
 * <li>certificate: the peer's chain validates under the rule's trust anchors and CRL, and its ID
 *     equals the rule's {@code peer-id} when the rule has one;
 * <li>Kerberos: the rule has a Kerberos method whose {@code peer} accepts the principal the GSS-API
 *     authenticated (draft-ietf-ipsec-isakmp-gss-auth-07).
 * </ul>
 * Immutable.
 */
public final class PeerAuthentication {
    private static final byte[] LABEL = "ikd phase-1 pre-shared key binding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final String peerId;
    private final Bytes pskFingerprint;                  // null: signatures
    private final List<X509Certificate> chain;          // empty: pre-shared key
    private final X509Certificate end;                  // the certificate that signed (signatures)
    private final IdentificationPayload id;             // the peer's ID payload (signatures)
    private final String principal;                     // the Kerberos principal (Kerberos), else null

    private PeerAuthentication(String peerId, Bytes pskFingerprint, List<X509Certificate> chain, X509Certificate end,
                               IdentificationPayload id) {
        this(peerId, pskFingerprint, chain, end, id, null);
    }

    private PeerAuthentication(String peerId, Bytes pskFingerprint, List<X509Certificate> chain, X509Certificate end,
                               IdentificationPayload id, String principal) {
        this.peerId = Objects.requireNonNull(peerId, "peerId");
        this.pskFingerprint = pskFingerprint;
        this.chain = List.copyOf(chain);
        this.end = end;
        this.id = id;
        this.principal = principal;
    }

    /** The GSS-API authenticated the peer as {@code principal} (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2). */
    public static PeerAuthentication kerberos(String principal) {
        return new PeerAuthentication("kerberos " + principal, null, List.of(), null, null, Objects.requireNonNull(principal));
    }

    /** The peer proved knowledge of {@code key} (RFC 2409 §5.4) and sent the ID {@code peerId}. */
    public static PeerAuthentication preSharedKey(Secret key, String peerId) {
        return new PeerAuthentication(peerId, fingerprint(key), List.of(), null, null);
    }

    /** The peer signed with the key of {@code end}, which {@code id} names, presenting {@code chain} (RFC 2409 §5.1). */
    public static PeerAuthentication certificate(List<X509Certificate> chain, X509Certificate end, IdentificationPayload id,
                                                 String peerId) {
        return new PeerAuthentication(peerId, null, chain, Objects.requireNonNull(end, "end"), Objects.requireNonNull(id, "id"));
    }

    /** The peer's ID as the logs show it, e.g. {@code ipv4 198.18.0.1} or {@code dn CN=gw,O=Lab}. */
    public String peerId() {
        return peerId;
    }

    public boolean byPreSharedKey() {
        return pskFingerprint != null;
    }

    /** True when {@code rule}'s authentication methods accept what this Main Mode proved. */
    public boolean satisfies(Rule rule, Instant now) {
        for (AuthenticationMethod m : rule.authentication()) {
            if (m instanceof AuthenticationMethod.PreSharedKey k && pskFingerprint != null) {
                if (!k.key().isDestroyed() && MessageDigest.isEqual(pskFingerprint.toArray(), fingerprint(k.key()).toArray()))
                    return true;
            } else if (m instanceof AuthenticationMethod.Kerberos k && principal != null) {
                if (k.acceptsPeer(principal)) return true;
            } else if (m instanceof AuthenticationMethod.Certificate c && pskFingerprint == null && principal == null
                    && accepts(c, now)) {
                return true;
            }
        }
        return false;
    }

    /** True when {@code other} proved the same: the same pre-shared key, or the same certificate and ID. */
    public boolean sameProof(PeerAuthentication other) {
        if (pskFingerprint != null || other.pskFingerprint != null)
            return pskFingerprint != null && other.pskFingerprint != null
                    && MessageDigest.isEqual(pskFingerprint.toArray(), other.pskFingerprint.toArray());
        if (principal != null || other.principal != null) return principal != null && principal.equals(other.principal);
        return end.equals(other.end) && id.equals(other.id);
    }

    private boolean accepts(AuthenticationMethod.Certificate c, Instant now) {
        try {
            c.trust().validate(chain, now);
        } catch (CertificateRejected e) {
            return false;
        }
        return c.peerId() == null || RuleIdentities.mismatchWithPeer(c.peerId(), id).isEmpty();
    }

    private static Bytes fingerprint(Secret key) {
        return Bytes.of(Prf.hmac(HashAlgorithm.SHA2_256).keyed(key).update(LABEL).finish());   // a Prf per call: not shared across threads
    }

    @Override
    public String toString() {
        return (pskFingerprint != null ? "psk, id " : principal != null ? "" : "certificate, id ") + peerId;
    }
}
