package org.ikd.it.cert;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
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
 * The PKI of one test, made with BouncyCastle: a CA, a certificate for host A ({@code CN=a.lab},
 * subjectAltName 198.18.0.1) and one for host B ({@code CN=b.lab}), all with keys of one type; the
 * ikd policies of either side (a tunnel between the inner networks, aes128-sha256-modp2048, ESP
 * aes128-sha1 without PFS) and the files charon loads.
 */
final class CertLab {
    static final String RULE = "net";
    static final InetAddress A = address(TwoHosts.A);
    static final InetAddress B = address(TwoHosts.B);
    static final String DN_A = "CN=a.lab";
    static final String DN_B = "CN=b.lab";
    static final MainModeMethod MAIN_MODE = new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048);
    static final SecurityMethod ESP = new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0);

    final TestCa ca;
    final KeyPair keysA;
    final KeyPair keysB;
    final X509Certificate certA;
    final X509Certificate certB;

    /** {@code curve}: null for RSA-2048, else secp256r1/secp384r1/secp521r1. */
    CertLab(String curve, Instant notAfterA) {
        Instant now = Instant.now();
        ca = new TestCa("CN=ikd-ce test CA", keys(curve), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        keysA = keys(curve);
        keysB = keys(curve);
        certA = ca.issue(DN_A, keysA.getPublic(), now.minusSeconds(3600), notAfterA, TestCa.ip(TwoHosts.A), TestCa.dns("a.lab"));
        certB = ca.issue(DN_B, keysB.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 7), TestCa.ip(TwoHosts.B), TestCa.dns("b.lab"));
    }

    CertLab(String curve) {
        this(curve, Instant.now().plusSeconds(86400 * 7));
    }

    private static KeyPair keys(String curve) {
        return curve == null ? TestCa.rsa() : TestCa.ec(curve);
    }

    AuthenticationMethod.Certificate methodA(List<X509CRL> crls) {
        return AuthenticationMethod.Certificate.of(new Credential(certA, keysA.getPrivate()), new TrustAnchors(List.of(ca.certificate()), crls));
    }

    AuthenticationMethod.Certificate methodB(List<X509CRL> crls) {
        return AuthenticationMethod.Certificate.of(new Credential(certB, keysB.getPrivate()), new TrustAnchors(List.of(ca.certificate()), crls));
    }

    /** ikd on host A ({@code local}) or B: one tunnel-mode rule to the other host. */
    static Policy policy(boolean onA, AuthenticationMethod auth) {
        InetAddress local = onA ? A : B;
        InetAddress remote = onA ? B : A;
        Rule rule = new Rule(RULE, new FilterList(RULE, List.of(new Filter(flow(onA), true))),
                new FilterAction.Negotiate(RULE, List.of(ESP), false, null, false, false), List.of(auth), remote, local, false);
        return new Policy("cert", new MainModeSettings(List.of(MAIN_MODE), 28800, false, 0), List.of(rule));
    }

    static Selector flow(boolean fromA) {
        Subnet a = Subnet.parse(TwoHosts.NET_A);
        Subnet b = Subnet.parse(TwoHosts.NET_B);
        return fromA ? Selector.between(a, b) : Selector.between(b, a);
    }

    static AcquireRequest acquire(boolean fromA) {
        return new AcquireRequest(RULE, flow(fromA), fromA ? A : B, fromA ? B : A);
    }

    /** Host B's certificate and key and the CA, where charon's swanctl.conf names them; returns that config. */
    String charonFiles(Path dir) throws IOException {
        return charonFiles(dir, DN_B);
    }

    /** The same, charon sending {@code charonId} as its ID (a DN, or e.g. {@code b.lab}: an FQDN from its subjectAltName). */
    String charonFiles(Path dir, String charonId) throws IOException {
        // RSA: BEGIN RSA PRIVATE KEY; EC: PKCS#8 (BouncyCastle's traditional EC form from a SunEC key lacks the curve)
        String key = keysB.getPrivate().getAlgorithm().equals("RSA") ? traditional(keysB.getPrivate()) : TestCa.pem(keysB.getPrivate());
        SwanctlConf.writeCredentials(dir, TestCa.pem(certB), TestCa.pem(ca.certificate()), key);
        return SwanctlConf.certificates(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, dir, charonId, DN_A,
                "over_time = 10m");
    }

    private static String traditional(java.security.PrivateKey k) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(k);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
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
