package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * charon says no, and ikd hears it at once (instead of retransmitting into a peer that gave up):
 * a Quick Mode proposal either side refuses, and an identity charon refuses after Main Mode 5
 * (strongSwan answers both with protected error notifies, docs/interop.md).
 */
class RefusalInteropIT {
    static final InteropProposal ROW = InteropProposal.A_3DES_SHA1;
    static final String PSK = "refusal key";
    /** Well inside ikd's first retransmission plus the ones after it (1 s, 2 s, 4 s ...): an answer, not a time-out. */
    static final Duration PROMPTLY = Duration.ofSeconds(3);
    static final SecurityMethod AES128_SHA1 = new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 0);

    @BeforeEach
    void charonIsThere() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void charonsNoProposalChosenEndsIkdsQuickModeAtOnce() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, PSK, PSK, IkeConfig.DEFAULT)) {
            lab.ikd.usePolicy(InteropLab.policy(ROW.mainMode, AES128_SHA1, null, PSK));
            // ... Main Mode ...   HDR*, HASH(1), SA(esp aes128-sha1), Ni, IDci, IDcr -->
            // <-- HDR*, HASH(1), N(NO-PROPOSAL-CHOSEN, ESP, SPI 0)     (charon accepts only 3des-sha1)
            lab.ikd.acquire(InteropLab.acquire());
            IkeEvent.NegotiationFailed failed = lab.ikd.await(IkeEvent.NegotiationFailed.class, e -> true, PROMPTLY);
            assertNotNull(failed, () -> lab.diagnostics("ikd did not hear charon's NO-PROPOSAL-CHOSEN"));
            assertEquals(IkeEvent.Phase.QUICK_MODE, failed.phase());
            assertTrue(failed.reason().contains("NO_PROPOSAL_CHOSEN"), failed.reason());
            assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, failed.notifyType());
            assertEquals(IkeEvent.FailureKind.NEGOTIATION, failed.kind(), "charon refused: 547 alone");
            assertEquals("net", failed.rule());
            assertTrue(lab.charon.log().contains("no matching proposal found, sending NO_PROPOSAL_CHOSEN"), lab.diagnostics("charon's side"));
            assertEquals(0, lab.ikd.<Integer>onEventLoop(e -> e.ipsecSas().spis().reservedCount()), "ikd freed the SPI it offered");
            List<IsakmpSa> isakmp = lab.ikd.onEventLoop(e -> e.isakmpSas());
            assertEquals(IsakmpSa.State.ESTABLISHED, isakmp.get(0).state(), "the ISAKMP SA stays for the next Quick Mode");
            Thread.sleep(1500);                                        // past the first retransmission of QM1
            assertEquals(1, lab.ikd.events().stream().filter(e -> e instanceof IkeEvent.NegotiationFailed).count(),
                    () -> lab.diagnostics("one failure, reported once"));
            assertTrue(lab.ikd.ipsecSas().isEmpty());
        }
    }

    @Test
    void ikdsNoProposalChosenEndsCharonsQuickMode() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, PSK, PSK, IkeConfig.DEFAULT)) {
            lab.ikd.usePolicy(InteropLab.policy(ROW.mainMode, AES128_SHA1, null, PSK));
            // <-- HDR*, HASH(1), SA(esp 3des-sha1), Ni, IDci, IDcr    HDR*, HASH(1), N(NO-PROPOSAL-CHOSEN) -->
            Command.Result r = lab.charonInitiates();
            assertNotEquals(0, r.exitCode(), () -> lab.diagnostics("charon's initiation succeeded"));
            assertTrue(r.stdout().contains("received NO_PROPOSAL_CHOSEN error notify"), () -> lab.diagnostics(r.stdout()));
            IkeEvent.NegotiationFailed failed = lab.ikd.await(IkeEvent.NegotiationFailed.class, e -> true, Duration.ZERO);
            assertNotNull(failed, () -> lab.diagnostics("ikd reported no failure"));
            assertEquals(IkeEvent.Phase.QUICK_MODE, failed.phase());
            assertTrue(failed.reason().startsWith("no Quick Mode proposal chosen for rule 'net': peer offered esp:3des-sha1"),
                    failed.reason());
            assertEquals(IkeEvent.FailureKind.INVALID_PROPOSAL, failed.kind(), "546: charon sent an invalid proposal");
            assertTrue(failed.mismatch().received().get(0).startsWith("esp:3des-sha1"), failed.mismatch().toString());
            assertEquals(NotifyType.NO_PROPOSAL_CHOSEN, failed.notifyType());
            assertEquals("net", failed.rule());
            assertTrue(lab.charonSas().ikeSas().stream().allMatch(i -> i.children().isEmpty()), lab.diagnostics("charon's CHILD SAs"));
        }
    }

    @Test
    void anIdentityCharonRefusesEndsIkdsMainModeAtOnce() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, PSK, PSK, IkeConfig.DEFAULT,
                conf -> conf.replace(" id = " + InteropLab.IKD.getHostAddress(), " id = 198.18.0.9"))) {
            // ... HDR*, IDii(198.18.0.1), HASH_I -->   <-- HDR*, HASH(1), N(AUTHENTICATION-FAILED)   (same keys)
            lab.ikd.acquire(InteropLab.acquire());
            IkeEvent.NegotiationFailed failed = lab.ikd.await(IkeEvent.NegotiationFailed.class, e -> true, PROMPTLY);
            assertNotNull(failed, () -> lab.diagnostics("ikd did not hear charon's AUTHENTICATION-FAILED"));
            assertEquals(IkeEvent.Phase.MAIN_MODE, failed.phase());
            assertTrue(failed.reason().startsWith("peer refused Main Mode: AUTHENTICATION_FAILED"), failed.reason());
            assertEquals(NotifyType.AUTHENTICATION_FAILED, failed.notifyType());
            assertEquals(IkeEvent.FailureKind.NEGOTIATION, failed.kind(), "charon refused us: 547 alone, failure point peer");
            assertEquals(1, lab.ikd.statistics().get(IkeCounter.AUTHENTICATION_FAILURES));
            assertTrue(lab.charon.log().contains("no peer config found"), lab.diagnostics("charon's side"));
            WrongPskInteropIT.noSaAnywhere(lab);
        }
    }
}
