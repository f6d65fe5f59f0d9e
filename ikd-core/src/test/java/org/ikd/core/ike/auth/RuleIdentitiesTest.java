package org.ikd.core.ike.auth;

import static org.ikd.core.ike.auth.CertificateAuthenticationTest.CA;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.FROM;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.HASH;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.NOW;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.PEER;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.PEER_CERT;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.TO;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.cert;
import static org.ikd.core.ike.auth.CertificateAuthenticationTest.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.SignaturePayload;
import org.ikd.core.pki.Credential;
import org.ikd.core.pki.TestCa;
import org.ikd.core.pki.TrustAnchors;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Identity;
import org.junit.jupiter.api.Test;

/** local-id and peer-id with certificates (RFC 4945 §3.1); PEER_CERT is "O=ikd,CN=gw.example" with three SANs. */
class RuleIdentitiesTest {
    private static final KeyPair MINE = TestCa.rsa();
    /** BouncyCastle writes "O=ikd,CN=a.example" in DER as O first, then CN (strongSwan's order). */
    private static final X509Certificate MY_CERT = CA.issue("O=ikd,CN=a.example", MINE.getPublic(), FROM, TO,
            TestCa.dns("a.example"), TestCa.ip("198.18.0.1"));

    private static CertificateAuthentication ours(Identity local, Identity peer) {
        return new CertificateAuthentication(AuthenticationMethod.Certificate.of(new Credential(MY_CERT, MINE.getPrivate()),
                new TrustAnchors(List.of(CA.certificate()), List.of())).withIdentities(local, peer));
    }

    @Test
    void sendsTheLocalIdWithItsTypeAndValue() {
        // RFC 2407 §4.6.2.1: FQDN (2) is the name without a terminator; IPV4_ADDR (1) the 4 address bytes
        assertEquals(IdentificationPayload.of(IdType.FQDN, Bytes.fromHex("612e6578616d706c65")),      // "a.example"
                ours(new Identity(Identity.Type.FQDN, "a.example"), null).identity());
        assertEquals(IdentificationPayload.of(IdType.IPV4_ADDR, Bytes.fromHex("c6120001")),            // 198.18.0.1
                ours(new Identity(Identity.Type.IPV4_ADDR, "198.18.0.1"), null).identity());
    }

    @Test
    void sendsADnLocalIdAsTheCertificatesSubjectInEitherWrittenOrder() {
        Bytes subject = Bytes.of(MY_CERT.getSubjectX500Principal().getEncoded());
        for (String written : List.of("O=ikd, CN=a.example", "CN=a.example,O=ikd")) {
            IdentificationPayload p = ours(new Identity(Identity.Type.DER_ASN1_DN, written), null).identity();
            assertEquals(IdType.DER_ASN1_DN, p.idType());
            assertEquals(subject, p.data(), written);
        }
    }

    @Test
    void withoutLocalIdSendsTheSubjectDn() {
        assertEquals(IdentificationPayload.of(IdType.DER_ASN1_DN, Bytes.of(MY_CERT.getSubjectX500Principal().getEncoded())),
                ours(null, null).identity());
    }

    @Test
    void namesWhyALocalIdDoesNotNameOurCertificate() {
        assertEquals(Optional.empty(), RuleIdentities.mismatchWithOurs(new Identity(Identity.Type.FQDN, "A.example"), MY_CERT));
        assertEquals("ID fqdn b.example is not a subjectAltName of our certificate ('CN=a.example,O=ikd' has [a.example])",
                RuleIdentities.mismatchWithOurs(new Identity(Identity.Type.FQDN, "b.example"), MY_CERT).orElseThrow());
        assertTrue(RuleIdentities.mismatchWithOurs(new Identity(Identity.Type.DER_ASN1_DN, "O=ikd, CN=b.example"), MY_CERT)
                .orElseThrow().contains("is not the subject of our certificate"));
        assertTrue(RuleIdentities.mismatchWithOurs(new Identity(Identity.Type.KEY_ID, "0a0b"), MY_CERT).orElseThrow()
                .contains("key ID cannot name a certificate"));
        assertTrue(RuleIdentities.mismatchWithOurs(new Identity(Identity.Type.USER_FQDN, "me@a.example"), MY_CERT).isPresent());
    }

    @Test
    void comparesThePeersIdWithPeerIdByTypeAndValue() {
        Identity gw = new Identity(Identity.Type.FQDN, "gw.example");
        assertEquals(Optional.empty(), RuleIdentities.mismatchWithPeer(gw, id(IdType.FQDN, "GW.EXAMPLE")));
        assertEquals("its ID fqdn other.example is not the peer-id fqdn gw.example of the rule",
                RuleIdentities.mismatchWithPeer(gw, id(IdType.FQDN, "other.example")).orElseThrow());
        assertEquals("its ID user_fqdn gw.example is not the peer-id fqdn gw.example of the rule",
                RuleIdentities.mismatchWithPeer(gw, id(IdType.USER_FQDN, "gw.example")).orElseThrow());
        IdentificationPayload dn = IdentificationPayload.of(IdType.DER_ASN1_DN, Bytes.of(PEER_CERT.getSubjectX500Principal().getEncoded()));
        assertEquals(Optional.empty(), RuleIdentities.mismatchWithPeer(new Identity(Identity.Type.DER_ASN1_DN, "O=ikd, CN=gw.example"), dn));
        assertEquals(Optional.empty(), RuleIdentities.mismatchWithPeer(new Identity(Identity.Type.DER_ASN1_DN, "cn=gw.example, o=IKD"), dn));
        assertTrue(RuleIdentities.mismatchWithPeer(new Identity(Identity.Type.DER_ASN1_DN, "O=ikd, CN=gw2.example"), dn).isPresent());
        assertEquals(Optional.empty(), RuleIdentities.mismatchWithPeer(new Identity(Identity.Type.IPV4_ADDR, "198.18.0.2"),
                IdentificationPayload.of(IdType.IPV4_ADDR, Bytes.fromHex("c6120002"))));
    }

    @Test
    void reversesTheRdnSequence() {
        // RFC 4514 §2.1: the string starts with the last RDN of the sequence, so these two are each other's reverse
        X500Principal a = new X500Principal("CN=gw,OU=Net,O=Lab,C=DE");
        assertEquals(new X500Principal("C=DE,O=Lab,OU=Net,CN=gw"), RuleIdentities.reversed(a));
        assertEquals(a, RuleIdentities.reversed(RuleIdentities.reversed(a)));
        assertFalse(a.equals(RuleIdentities.reversed(a)));
    }

    @Test
    void rejectsAPeerWhoseCertificateNamesItsIdButNotThePeerId() throws Exception {
        SignaturePayload sig = new SignaturePayload(SignatureScheme.RSA.sign(PEER.getPrivate(), HASH));
        CertificateAuthentication a = ours(null, new Identity(Identity.Type.FQDN, "other.example"));
        AuthenticationRejected e = assertThrows(AuthenticationRejected.class,
                () -> a.verify(id(IdType.FQDN, "gw.example"), cert(PEER_CERT), sig, HASH, NOW));
        assertEquals("peer fqdn gw.example: its ID fqdn gw.example is not the peer-id fqdn other.example of the rule", e.getMessage());
        CertificateAuthentication b = ours(null, new Identity(Identity.Type.FQDN, "gw.example"));
        assertEquals("fqdn gw.example", b.verify(id(IdType.FQDN, "gw.example"), cert(PEER_CERT), sig, HASH, NOW));
    }
}
