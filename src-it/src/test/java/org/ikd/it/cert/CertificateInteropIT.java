package org.ikd.it.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ikd.core.ike.IkeEvent;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkeEngineNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ikd (host A) and strongSwan's charon (host B) authenticate Main Mode with certificates from one CA
 * made at test time (RFC 2409 §5.1 RSA, RFC 4754 ECDSA), in both roles; charon's ID may be an FQDN
 * of its subjectAltName (RFC 4945 §3.1); a certificate on ikd's CRL is refused with the reason.
 * <pre>
 * HDR, SA -->  <-- HDR, SA   HDR, KE, Ni, NAT-D, CR -->  <-- HDR, KE, Nr, NAT-D, CR
 * HDR*, IDii, CERT, SIG_I -->  <-- HDR*, IDir, CERT, SIG_R   then Quick Mode
 * </pre>
 */
class CertificateInteropIT {
    static final Duration NEGOTIATION = Duration.ofSeconds(20);

    @BeforeEach
    void charonIsThere() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void rsaSignaturesWhenIkdInitiates() throws Exception {
        negotiates(null, true, "rsa-sig");
    }

    @Test
    void rsaSignaturesWhenCharonInitiates() throws Exception {
        negotiates(null, false, "rsa-sig");
    }

    @Test
    void ecdsa256WhenIkdInitiates() throws Exception {
        negotiates("secp256r1", true, "ecdsa-256");
    }

    @Test
    void ecdsa384WhenCharonInitiates() throws Exception {
        negotiates("secp384r1", false, "ecdsa-384");
    }

    @Test
    void ecdsa521WhenIkdInitiates() throws Exception {
        negotiates("secp521r1", true, "ecdsa-521");
    }

    @Test
    void acceptsAnFqdnIdThatIsASubjectAltNameOfCharonsCertificate() throws Exception {
        CertLab pki = new CertLab(null);
        try (Lab lab = Lab.start(pki, List.of(), "b.lab")) {
            lab.ikd.acquire(CertLab.acquire(true));
            IkeEvent.PhaseOneEstablished mm = lab.ikd.await(IkeEvent.PhaseOneEstablished.class, e -> true, NEGOTIATION);
            assertNotNull(mm, () -> lab.diagnostics("ikd reported no PhaseOneEstablished"));
            assertEquals("fqdn b.lab", mm.peerId());
        }
    }

    @Test
    void aCharonCertificateOnIkdsCrlIsRefusedWithTheReason() throws Exception {
        CertLab pki = new CertLab(null);
        X509CRL crl = pki.ca.crl(Instant.now().minusSeconds(60), pki.certB);
        try (Lab lab = Lab.start(pki, List.of(crl))) {
            lab.ikd.acquire(CertLab.acquire(true));
            IkeEvent.NegotiationFailed failed = lab.ikd.await(IkeEvent.NegotiationFailed.class, e -> true, NEGOTIATION);
            assertNotNull(failed, () -> lab.diagnostics("ikd reported no NegotiationFailed"));
            assertEquals(IkeEvent.Phase.MAIN_MODE, failed.phase());
            assertTrue(failed.reason().contains("authentication failed: peer dn CN=b.lab: certificate 'CN=b.lab' (serial "
                    + pki.certB.getSerialNumber().toString(16) + ") was revoked on "), lab.diagnostics(failed.reason()));
            assertTrue(failed.reason().contains("by the CRL of 'CN=ikd-ce test CA'"), failed.reason());
            assertTrue(lab.ikd.events(IkeEvent.PhaseOneEstablished.class).isEmpty(), lab.diagnostics("ikd established"));
        }
    }

    private static void negotiates(String curve, boolean ikdInitiates, String auth) throws Exception {
        CertLab pki = new CertLab(curve);
        try (Lab lab = Lab.start(pki, List.of())) {
            if (ikdInitiates) lab.ikd.acquire(CertLab.acquire(true));
            else {
                Command.Result r = lab.charon.swanctlResult("--initiate", "--child", "net", "--timeout", "20");
                assertEquals(0, r.exitCode(), () -> lab.diagnostics("swanctl --initiate: " + r.stdout()));
            }
            IkeEvent.QuickModeEstablished qm = lab.ikd.await(IkeEvent.QuickModeEstablished.class, e -> true, NEGOTIATION);
            assertNotNull(qm, () -> lab.diagnostics("ikd reported no QuickModeEstablished"));
            IkeEvent.PhaseOneEstablished mm = lab.ikd.events(IkeEvent.PhaseOneEstablished.class).get(0);
            assertTrue(mm.summary().startsWith("aes128-sha256-modp2048 " + auth), mm.summary());
            assertEquals("dn CN=b.lab", mm.peerId());
            String log = lab.charon.log();
            assertTrue(log.contains("authentication of 'CN=a.lab' with") && log.contains("successful"),
                    lab.diagnostics("charon did not log ikd's successful authentication"));
            String sas = lab.charon.listSas();
            assertTrue(sas.contains("ESTABLISHED") && sas.contains("INSTALLED"), lab.diagnostics("charon's SAs: " + sas));
        }
    }

    /** Namespaces ikd-ce-*, charon on B with host B's certificate, ikd on A with host A's. */
    record Lab(TwoHosts hosts, Charon charon, IkeEngineNode ikd, Path dir) implements AutoCloseable {
        static Lab start(CertLab pki, List<X509CRL> ikdCrls) throws Exception {
            return start(pki, ikdCrls, CertLab.DN_B);
        }

        static Lab start(CertLab pki, List<X509CRL> ikdCrls, String charonId) throws Exception {
            Path dir = Files.createTempDirectory("ikd-ce-");
            TwoHosts hosts = TwoHosts.create("ikd-ce");
            Charon charon = null;
            try {
                Path charonDir = dir.resolve("charon");
                charon = Charon.start(hosts.b, charonDir, pki.charonFiles(charonDir, charonId));
                IkeEngineNode ikd = IkeEngineNode.start(hosts.a, CertLab.A, CertLab.policy(true, pki.methodA(ikdCrls)));
                return new Lab(hosts, charon, ikd, dir);
            } catch (Exception | Error e) {
                if (charon != null) charon.close();
                hosts.close();
                CertLab.delete(dir);
                throw e;
            }
        }

        String diagnostics(String headline) {
            List<String> lines = charon.log().lines().toList();
            return headline + "\n--- charon log (tail) ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))
                    + "\n--- ikd events ---\n" + ikd.describeEvents();
        }

        @Override
        public void close() throws Exception {
            try {
                ikd.close();
            } finally {
                try {
                    charon.close();
                } finally {
                    try {
                        hosts.close();
                    } finally {
                        if (!Boolean.getBoolean("ikd.interop.keep")) CertLab.delete(dir);
                    }
                }
            }
        }
    }
}
