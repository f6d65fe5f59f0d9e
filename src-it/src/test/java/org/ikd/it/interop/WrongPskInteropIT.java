package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A pre-shared key mismatch between ikd and charon, in both roles: Main Mode fails on both sides
 * with an authentication failure, no SA is left anywhere, and ikd's event loop goes on serving: with
 * the right key put into its policy, the same ikd then negotiates with the same charon.
 */
class WrongPskInteropIT {
    static final InteropProposal ROW = InteropProposal.A_3DES_SHA1;
    static final String CHARON_PSK = "the key charon holds";
    static final String WRONG_PSK = "another key";
    static final Duration FAILURE = Duration.ofSeconds(15);
    static final Pattern AUTHENTICATION = Pattern.compile("(?i)authenticat");

    @BeforeEach
    void charonIsThere() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    @Test
    void aWrongKeyFailsCleanlyWhenIkdInitiatesAndTheRightKeyWorksAfterwards() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, CHARON_PSK, WRONG_PSK, IkeConfig.DEFAULT)) {
            // HDR, SA -->  <-- HDR, SA   HDR, KE, Ni, NAT-D -->  <-- HDR, KE, Nr, NAT-D
            // HDR*, IDii, HASH_I -->  (under the wrong key)   <-- HDR*, HASH, N(PAYLOAD-MALFORMED)  (under charon's)
            lab.ikd.acquire(InteropLab.acquire());
            IkeEvent.NegotiationFailed failed = authenticationFailure(lab);
            assertEquals(IkeEvent.FailurePoint.PEER, failed.point(), failed.toString());
            // charon's answer does not open under our key: the keys differ, event 545 (msaudite.h SE_AUDITID_IPSEC_AUTH_FAIL)
            assertEquals(IkeEvent.FailureKind.AUTHENTICATION, failed.kind(), failed.toString());
            assertTrue(lab.charon.log().contains("could not decrypt payloads"),
                    lab.diagnostics("charon did not log its failure to decrypt Main Mode message 5"));
            noSaAnywhere(lab);

            lab.ikd.usePolicy(InteropLab.policy(ROW, CHARON_PSK));
            lab.ikd.acquire(InteropLab.acquire());
            SaAgreement.established(lab, ROW, true);
        }
    }

    @Test
    void aWrongKeyFailsCleanlyWhenCharonInitiatesAndTheRightKeyWorksAfterwards() throws Exception {
        try (InteropLab lab = InteropLab.start(ROW, CHARON_PSK, WRONG_PSK, IkeConfig.DEFAULT)) {
            // <-- HDR, SA  HDR, SA -->   <-- HDR, KE, Ni, NAT-D  HDR, KE, Nr, NAT-D -->
            // <-- HDR*, IDii, HASH_I  (does not open under our key)   HDR, N(AUTHENTICATION-FAILED) -->
            // charon ignores unprotected Informationals, retransmits message 5 and gives up
            Command.Result r = lab.charonInitiates();
            assertNotEquals(0, r.exitCode(), () -> lab.diagnostics("swanctl --initiate succeeded with the wrong key"));
            assertTrue(r.stdout().contains("establishing IKE_SA failed"), () -> lab.diagnostics("swanctl said: " + r.stdout()));
            IkeEvent.NegotiationFailed failed = authenticationFailure(lab);
            assertEquals(IkeEvent.FailurePoint.ME, failed.point(), failed.toString());
            assertEquals(IkeEvent.FailureKind.AUTHENTICATION, failed.kind(), failed.toString());
            assertEquals(NotifyType.AUTHENTICATION_FAILED, failed.notifyType(), "what ikd answered");
            assertEquals(IsakmpSa.Role.RESPONDER, failed.sa().role());
            noSaAnywhere(lab);

            lab.ikd.usePolicy(InteropLab.policy(ROW, CHARON_PSK));
            Command.Result again = lab.charonInitiates();
            assertEquals(0, again.exitCode(), () -> lab.diagnostics("swanctl --initiate with the right key: " + again.stdout()));
            SaAgreement.established(lab, ROW, false);
        }
    }

    /** ikd's one NegotiationFailed: Main Mode, naming authentication, counted as an Authentication Failure. */
    static IkeEvent.NegotiationFailed authenticationFailure(InteropLab lab) throws InterruptedException {
        IkeEvent.NegotiationFailed failed = lab.ikd.await(IkeEvent.NegotiationFailed.class, e -> true, FAILURE);
        assertNotNull(failed, () -> lab.diagnostics("ikd reported no NegotiationFailed within " + FAILURE.toSeconds() + " s"));
        assertEquals(IkeEvent.Phase.MAIN_MODE, failed.phase(), failed.toString());
        assertTrue(AUTHENTICATION.matcher(failed.reason()).find(), () -> lab.diagnostics("the failure does not name authentication: " + failed));
        assertEquals(1, lab.ikd.statistics().get(IkeCounter.AUTHENTICATION_FAILURES), () -> lab.diagnostics("Authentication Failures"));
        return failed;
    }

    /** Neither side holds an established IKE SA or any IPsec SA (charon may keep a half-open one until it times out). */
    static void noSaAnywhere(InteropLab lab) throws Exception {
        assertTrue(lab.ikd.events().stream().noneMatch(e -> e instanceof IkeEvent.PhaseOneEstablished
                || e instanceof IkeEvent.QuickModeEstablished), () -> lab.diagnostics("ikd established something"));
        assertTrue(lab.ikd.onEventLoop(e -> e.isakmpSas()).isEmpty(), () -> lab.diagnostics("ikd kept an ISAKMP SA"));
        assertTrue(lab.ikd.ipsecSas().isEmpty(), () -> lab.diagnostics("ikd kept an IPsec SA"));
        SwanctlSas sas = lab.charonSas();
        assertTrue(sas.ikeSas().stream().noneMatch(i -> "ESTABLISHED".equals(i.get("state")) || !i.children().isEmpty()),
                () -> lab.diagnostics("charon holds an SA: " + sas));
    }
}
