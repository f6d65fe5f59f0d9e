package org.ikd.it.cert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.ikd.core.ike.IkeEvent;
import org.ikd.it.lab.IkeEngineNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.Test;

/** Two ikd engines in namespaces ikd-ce-* authenticate Main Mode with ECDSA certificates; an expired one is refused. */
class IkdToIkdCertificateIT {
    static final Duration NEGOTIATION = Duration.ofSeconds(20);

    @Test
    void negotiatesWithEcdsaP521Certificates() throws Exception {
        CertLab pki = new CertLab("secp521r1");
        try (TwoHosts hosts = TwoHosts.create("ikd-ce");
             IkeEngineNode a = IkeEngineNode.start(hosts.a, CertLab.A, CertLab.policy(true, pki.methodA(List.of())));
             IkeEngineNode b = IkeEngineNode.start(hosts.b, CertLab.B, CertLab.policy(false, pki.methodB(List.of())))) {
            a.acquire(CertLab.acquire(true));
            assertNotNull(a.await(IkeEvent.QuickModeEstablished.class, e -> true, NEGOTIATION), "A: " + a.describeEvents());
            assertNotNull(b.await(IkeEvent.QuickModeEstablished.class, e -> true, NEGOTIATION), "B: " + b.describeEvents());
            IkeEvent.PhaseOneEstablished onA = a.events(IkeEvent.PhaseOneEstablished.class).get(0);
            IkeEvent.PhaseOneEstablished onB = b.events(IkeEvent.PhaseOneEstablished.class).get(0);
            assertEquals("dn CN=b.lab", onA.peerId());
            assertEquals("dn CN=a.lab", onB.peerId());
            assertTrue(onA.summary().startsWith("aes128-sha256-modp2048 ecdsa-521"), onA.summary());
        }
    }

    @Test
    void anExpiredInitiatorCertificateIsRefusedWithItsDates() throws Exception {
        Instant expired = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        CertLab pki = new CertLab("secp256r1", expired);
        try (TwoHosts hosts = TwoHosts.create("ikd-ce");
             IkeEngineNode a = IkeEngineNode.start(hosts.a, CertLab.A, CertLab.policy(true, pki.methodA(List.of())));
             IkeEngineNode b = IkeEngineNode.start(hosts.b, CertLab.B, CertLab.policy(false, pki.methodB(List.of())))) {
            a.acquire(CertLab.acquire(true));
            IkeEvent.NegotiationFailed failed = b.await(IkeEvent.NegotiationFailed.class, e -> true, NEGOTIATION);
            assertNotNull(failed, "B: " + b.describeEvents());
            assertTrue(failed.reason().startsWith("authentication failed: peer dn CN=a.lab: certificate 'CN=a.lab' expired on "
                    + expired + " (now "), failed.reason());
            assertTrue(b.events(IkeEvent.PhaseOneEstablished.class).isEmpty(), b.describeEvents());
        }
    }
}
