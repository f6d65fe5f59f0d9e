package org.ikd.daemon.policyfile;

import static org.ikd.daemon.policyfile.PolicyFileValidationTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Identity;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** local-id/peer-id with a certificate: given to the certificate method, and refused at load when they cannot match. */
class CertificateIdentityPolicyTest {
    @TempDir
    Path dir;
    PolicyFiles files;
    final PkiFiles pki = new PkiFiles();

    /** "C=DE, O=Lab, CN=a.example" (DER in that order), subjectAltName dNSName a.example and iPAddress 198.18.0.1. */
    @BeforeEach
    void files() throws Exception {
        files = new PolicyFiles(dir);
        pki.writeTo(files);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Lab CA"), BigInteger.TEN,
                Date.from(PkiFiles.FROM), Date.from(PkiFiles.TO), new X500Name("C=DE,O=Lab,CN=a.example"), pki.hostKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "a.example"), new GeneralName(GeneralName.iPAddress, "198.18.0.1")}));
        X509Certificate named = new JcaX509CertificateConverter().getCertificate(b.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(pki.caKeys.getPrivate())));
        files.psk("named.pem", PkiFiles.pem(named), "rw-r--r--");
    }

    private static String policy(String ids) {
        return PolicyFiles.negotiateRule("{ certificate = \"named.pem\", key = \"host.key\", ca = [\"ca.pem\"] }") + ids;
    }

    private AuthenticationMethod.Certificate certificateOf(String ids) throws Exception {
        ParsedPolicy p = files.parse(policy(ids));
        return (AuthenticationMethod.Certificate) p.policy().rule("r").orElseThrow().authentication().get(0);
    }

    @Test
    void givesLocalIdAndPeerIdToTheCertificateMethod() throws Exception {
        AuthenticationMethod.Certificate c = certificateOf("local-id = \"fqdn:a.example\"\npeer-id = \"fqdn:b.example\"\n");
        assertEquals(new Identity(Identity.Type.FQDN, "a.example"), c.localId());
        assertEquals(new Identity(Identity.Type.FQDN, "b.example"), c.peerId());
    }

    @Test
    void acceptsEveryFormThatNamesTheCertificate() throws Exception {
        assertEquals(new Identity(Identity.Type.DER_ASN1_DN, "C=DE, O=Lab, CN=a.example"),
                certificateOf("local-id = \"C=DE, O=Lab, CN=a.example\"\n").localId());
        assertEquals(new Identity(Identity.Type.DER_ASN1_DN, "CN=a.example,O=Lab,C=DE"),
                certificateOf("local-id = \"dn:CN=a.example,O=Lab,C=DE\"\n").localId());
        assertEquals(new Identity(Identity.Type.IPV4_ADDR, "198.18.0.1"), certificateOf("local-id = \"198.18.0.1\"\n").localId());
        assertEquals(new Identity(Identity.Type.FQDN, "a.example"), certificateOf("local-id = \"@a.example\"\n").localId());
    }

    @Test
    void withoutIdsTheCertificateMethodHasNone() throws Exception {
        AuthenticationMethod.Certificate c = certificateOf("");
        assertNull(c.localId());
        assertNull(c.peerId());
    }

    @Test
    void refusesALocalIdThatIsNotASubjectAltNameAtItsLine() {
        PolicyFileException e = files.reject(policy("local-id = \"fqdn:b.example\"\n"));
        assertError(e, "12:1", "local-id fqdn:b.example does not name", "named.pem",
                "is not a subjectAltName of our certificate", "has [a.example]", "dn:CN=a.example,O=Lab,C=DE");
    }

    @Test
    void refusesALocalIdDnThatIsNotTheSubject() {
        PolicyFileException e = files.reject(policy("local-id = \"dn:C=DE, O=Lab, CN=b.example\"\n"));
        assertError(e, "12:1", "does not name", "is not the subject of our certificate");
    }

    @Test
    void refusesKeyIdsWithCertificates() {
        assertError(files.reject(policy("local-id = \"keyid:0a0b\"\n")), "12:1", "key ID cannot name a certificate");
        assertError(files.reject(policy("peer-id = \"keyid:0a0b\"\n")), "12:1", "peer-id keyid:0a0b is a key ID");
    }
}
