package org.ikd.it.frag;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.pki.Credential;
import org.ikd.core.pki.TestCa;
import org.ikd.core.pki.TrustAnchors;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;

/**
 * A PKI whose Main Mode 5/6 outgrow a 1280-byte MTU: an RSA-4096 CA and RSA-4096 host certificates
 * (CERT ~1.4 kB plus a 512-byte SIG), ikd's policy on host A and charon's swanctl.conf on host B
 * ({@code fragmentation = yes}, strongSwan's default: fragments when the peer announced them).
 */
final class BigCertificateLab {
    static final String RULE = "net";
    static final InetAddress A = address(TwoHosts.A);
    static final InetAddress B = address(TwoHosts.B);
    static final MainModeMethod MAIN_MODE = new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048);
    static final SecurityMethod ESP = new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0);

    final TestCa ca;
    final KeyPair keysA = rsa4096();
    final KeyPair keysB = rsa4096();
    final X509Certificate certA;
    final X509Certificate certB;

    BigCertificateLab() {
        Instant now = Instant.now();
        ca = new TestCa("CN=ikd-fr big test CA, O=ikd fragmentation lab, OU=certificates far too big for one datagram",
                rsa4096(), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        certA = ca.issue("CN=a.lab", keysA.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 7),
                TestCa.ip(TwoHosts.A), TestCa.dns("a.lab"));
        certB = ca.issue("CN=b.lab", keysB.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 7),
                TestCa.ip(TwoHosts.B), TestCa.dns("b.lab"));
    }

    static KeyPair rsa4096() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(4096);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    AuthenticationMethod.Certificate methodA() {
        return AuthenticationMethod.Certificate.of(new Credential(certA, keysA.getPrivate()), new TrustAnchors(List.of(ca.certificate()), List.of()));
    }

    static Policy policyA(AuthenticationMethod auth) {
        Rule rule = new Rule(RULE, new FilterList(RULE, List.of(new Filter(flow(), true))),
                new FilterAction.Negotiate(RULE, List.of(ESP), false, null, false, false), List.of(auth), B, A, false);
        return new Policy("frag", new MainModeSettings(List.of(MAIN_MODE), 28800, false, 0), List.of(rule));
    }

    static Selector flow() {
        return Selector.between(Subnet.parse(TwoHosts.NET_A), Subnet.parse(TwoHosts.NET_B));
    }

    static AcquireRequest acquire() {
        return new AcquireRequest(RULE, flow(), A, B);
    }

    /** Host B's key and certificate and the CA where the returned swanctl.conf names them. */
    String charonFiles(Path dir) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(keysB.getPrivate());                      // BEGIN RSA PRIVATE KEY, as charon's pkcs1 reads it
        }
        SwanctlConf.writeCredentials(dir, TestCa.pem(certB), TestCa.pem(ca.certificate()), w.toString());
        return SwanctlConf.certificates(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, dir, "CN=b.lab", "CN=a.lab",
                "fragmentation = yes");
    }

    static void delete(Path dir) {
        try (var all = Files.walk(dir)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
