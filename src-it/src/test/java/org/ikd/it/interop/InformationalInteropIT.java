package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.it.lab.Charon;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Informational exchanges with charon: Deletes both ways (RFC 2408 §3.15) and DPD (RFC 3706). */
class InformationalInteropIT {
    static final InteropProposal ROW = InteropProposal.B_AES128_GCM16;
    static final String PSK = "informational key";

    @BeforeEach
    void charonIsThere() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void ikdsShutdownDeletesCharonsSas() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, PSK, PSK, IkeConfig.DEFAULT)) {
            assertEquals(0, lab.charonInitiates().exitCode(), () -> lab.diagnostics("swanctl --initiate"));
            SaAgreement.established(lab, ROW, false);
            String inbound = lab.ikd.ipsecSas().get(0).pair().inbound().outermost().spi().toString();
            // HDR*, HASH(1), D(ESP, our inbound SPI) -->   HDR*, HASH(1), D(ISAKMP, CKY-I | CKY-R) -->
            lab.ikd.close();
            lab.awaitCharon(sas -> sas.ikeSas().isEmpty(), Duration.ofSeconds(5), "no SA after ikd's Deletes");
            String log = lab.charon.log();
            assertTrue(log.contains("received DELETE for ESP CHILD_SA with SPI " + inbound), lab.diagnostics("the ESP Delete"));
            assertTrue(log.contains("received DELETE for IKE_SA ikd"), lab.diagnostics("the ISAKMP Delete"));
        }
    }

    @Test
    void charonAnswersIkdsDpdAndItsDeletesEmptyIkdsTables() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, PSK, PSK, IkeConfig.DEFAULT.withDpd(Duration.ofMillis(500), 2))) {
            lab.ikd.acquire(InteropLab.acquire());
            SaAgreement.established(lab, ROW, true);
            // HDR*, HASH(1), N(R-U-THERE) -->   <-- HDR*, HASH(1), N(R-U-THERE-ACK)   (every 0.5 s; 2 unanswered = dead)
            Thread.sleep(2500);
            assertTrue(lab.charon.log().contains("[ HASH N(DPD_ACK) ]"), lab.diagnostics("charon never answered R-U-THERE"));
            assertTrue(lab.ikd.events().stream().noneMatch(e -> e instanceof IkeEvent.PeerDead), lab.diagnostics("ikd declared charon dead"));
            List<IkeEvent.QuickModeEstablished> qm = lab.ikd.events().stream().filter(e -> e instanceof IkeEvent.QuickModeEstablished)
                    .map(e -> (IkeEvent.QuickModeEstablished) e).toList();
            // <-- HDR*, HASH(1), D(ESP, charon's inbound SPI)   <-- HDR*, HASH(1), D(ISAKMP)
            lab.charon.swanctl("--terminate", "--ike", "ikd", "--timeout", "5");
            IkeEvent.SaDeleted isakmp = lab.ikd.await(IkeEvent.SaDeleted.class, d -> d.which() instanceof IkeEvent.IsakmpSaRef,
                    Duration.ofSeconds(5));
            assertTrue(isakmp != null && isakmp.by() == IkeEvent.DeletedBy.PEER, () -> lab.diagnostics("ISAKMP SA deleted by the peer"));
            IkeEvent.SaDeleted ipsec = lab.ikd.await(IkeEvent.SaDeleted.class, d -> d.which() instanceof IkeEvent.IpsecSaRef, Duration.ZERO);
            assertTrue(ipsec != null && ipsec.by() == IkeEvent.DeletedBy.PEER, () -> lab.diagnostics("IPsec SA deleted by the peer"));
            assertEquals(qm.get(0).pair().id(), ((IkeEvent.IpsecSaRef) ipsec.which()).pairId());
            assertTrue(lab.ikd.ipsecSas().isEmpty());
            List<IsakmpSa> left = lab.ikd.onEventLoop(e -> e.isakmpSas());
            assertTrue(left.isEmpty(), "ikd's ISAKMP SAs: " + left);
        }
    }
}
