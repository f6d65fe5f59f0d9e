package org.ikd.it.certid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.ikd.core.pki.TestCa;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;

/**
 * The PKI of one test (ECDSA P-256, made with BouncyCastle): a CA, host A {@code CN=a.lab} with
 * subjectAltNames dNSName a.lab and iPAddress 198.18.0.1, host B {@code CN=b.lab} likewise; the
 * files ikd reads (PEM, key 0600) and the policy of either side with its local-id and peer-id.
 */
final class CertIdLab {
    final TestCa ca;
    final KeyPair keysA = TestCa.ec("secp256r1");
    final KeyPair keysB = TestCa.ec("secp256r1");
    final X509Certificate certA;
    final X509Certificate certB;

    CertIdLab() {
        Instant now = Instant.now();
        ca = new TestCa("CN=ikd-di test CA", TestCa.ec("secp256r1"), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        certA = ca.issue("CN=a.lab", keysA.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 7),
                TestCa.dns("a.lab"), TestCa.ip(TwoHosts.A));
        certB = ca.issue("CN=b.lab", keysB.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 7),
                TestCa.dns("b.lab"), TestCa.ip(TwoHosts.B));
    }

    /** host.pem, host.key (0600) and ca.pem of host A or B in {@code dir}, which IkdNode then uses. */
    void writeIkdFiles(Path dir, boolean hostA) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("host.pem"), TestCa.pem(hostA ? certA : certB));
        Files.writeString(dir.resolve("ca.pem"), TestCa.pem(ca.certificate()));
        Path key = dir.resolve("host.key");
        Files.writeString(key, TestCa.pem((hostA ? keysA : keysB).getPrivate()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    /** charon's files for host B under {@code dir} (x509/, x509ca/, private/), as swanctl --load-all reads them. */
    void writeCharonFiles(Path dir) throws IOException {
        // PKCS#8 key: charon's pkcs8 plugin reads it
        SwanctlConf.writeCredentials(dir, TestCa.pem(certB), TestCa.pem(ca.certificate()), TestCa.pem(keysB.getPrivate()));
    }

    /** ikd's tunnel rule between the inner networks with certificates, UDP encapsulation forced (charon's kernel-libipsec). */
    static String policy(boolean onA, String localId, String peerId) {
        String me = onA ? TwoHosts.A : TwoHosts.B;
        String peer = onA ? TwoHosts.B : TwoHosts.A;
        return PolicyToml.named("it-certid", me).mainMode(PolicyToml.MAIN_MODE)
                .filterList("net", PolicyToml.between(onA ? TwoHosts.NET_A : TwoHosts.NET_B, onA ? TwoHosts.NET_B : TwoHosts.NET_A))
                .negotiate("esp", "esp = \"aes128gcm16\"")
                .rule("net", "net", "esp",
                        "authentication = [ { certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"] } ]",
                        PolicyToml.tunnelTo(peer, me), "nat-traversal = \"force\"",
                        "local-id = \"" + localId + "\"", "peer-id = \"" + peerId + "\"")
                .render();
    }

    /** charon on host B, IKEv1 Main Mode with certificates, its ID and the ID it requires of ikd. */
    static String swanctlConf(Path dir, String localId, String remoteId) {
        return SwanctlConf.certificatesWithEsp("aes128gcm16", TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A,
                dir, localId, remoteId);
    }
}
