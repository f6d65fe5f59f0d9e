package org.ikd.daemon.sa;

import static org.ikd.daemon.TestPolicies.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.daemon.admin.SaViewsTest;
import org.ikd.daemon.log.AuditEvents;
import org.ikd.daemon.log.OakleyLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the daemon makes of the engine's typed events: the audit events 541–547 with every field from
 * the event (msaudite.h numbers them: 541 established, 542 Quick Mode ended, 543 Main Mode ended,
 * 544 certificate trust, 545 peer authentication, 546 invalid proposal, 547 negotiation failed), the
 * {@code show mm} facts and the failures {@code ikdctl diag} lists. The events are written here as the
 * engine would publish them; TypedEventsInMemoryTest shows the engine does.
 */
class IkeOutcomesTest {
    private static final InetAddress A = ip("198.18.0.1");
    private static final InetAddress B = ip("198.18.0.2");
    private static final InetSocketAddress A500 = new InetSocketAddress(A, 500);
    private static final InetSocketAddress B500 = new InetSocketAddress(B, 500);
    private static final CookiePair COOKIES = new CookiePair(0x0123456789abcdefL, 0xfedcba9876543210L);
    private static final IkeEvent.IsakmpSaFacts SA = new IkeEvent.IsakmpSaFacts(4, IsakmpSa.Role.RESPONDER, B500, A500, "hosts",
            "198.18.0.1", "strongSwan");

    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final InstalledPairs installed = new InstalledPairs();
    private final IkeOutcomes outcomes;

    IkeOutcomesTest() {
        LoggerContext context = new LoggerContext();
        lines.setContext(context);
        lines.start();
        context.getLogger(AuditEvents.LOGGER).addAppender(lines);
        OakleyRenderer oakley = new OakleyRenderer(new OakleyLog(context.getLogger("OAKLEY"), context.getLogger("journal"), false));
        outcomes = new IkeOutcomes(installed, oakley, new AuditEvents(context.getLogger(AuditEvents.LOGGER)));
    }

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private List<String> events() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    private static IkeEvent.PhaseOneEstablished mainMode() {
        return new IkeEvent.PhaseOneEstablished(COOKIES, SA, new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256,
                DhGroupId.MODP_2048), AuthMethod.PRE_SHARED_KEY, "psk", Duration.ofSeconds(28800), "aes128-sha256-modp2048 psk");
    }

    @Test
    void mainModeEstablishedIs541WithTheEnginesSerialRuleRoleAndMethod() {
        outcomes.accept(mainMode());
        assertEquals(List.of("INFO event=541 mode=main id=4 rule=hosts role=responder me=198.18.0.2 peer=198.18.0.1"
                + " icookie=0123456789abcdef rcookie=fedcba9876543210 peer_id=198.18.0.1 peer_vendor=strongSwan auth=psk"
                + " proposal=aes128-sha256-modp2048 lifetime_s=28800"), events());
        assertEquals(new IkeOutcomes.MainModeFacts("aes128-sha256-modp2048", "psk", "198.18.0.1"), outcomes.mainModes.get(COOKIES));
    }

    @Test
    void theEndOfAMainModeSaIs543WithItsSerialNotZero() {
        outcomes.accept(mainMode());
        outcomes.accept(new IkeEvent.SaDeleted(new IkeEvent.IsakmpSaRef(COOKIES, SA), "lifetime expired", IkeEvent.DeletedBy.EXPIRED));
        assertEquals("INFO event=543 mode=main id=4 rule=hosts role=responder me=198.18.0.2 peer=198.18.0.1"
                + " icookie=0123456789abcdef rcookie=fedcba9876543210 reason=\"lifetime expired\"", events().get(1));
        assertNull(outcomes.mainModes.get(COOKIES), "show mm forgets it");
    }

    @Test
    void theEndOfAQuickModePairIs542WithItsSpis() {
        IpsecSaPair pair = new IpsecSaPair(7, "hosts", IpsecSaBundle.of(SaViewsTest.esp(0x1001, Direction.INBOUND, A, B)),
                IpsecSaBundle.of(SaViewsTest.esp(0x2002, Direction.OUTBOUND, B, A)));
        installed.add(new InstalledPairs.Installed(pair, 4, A, new AcquireRequest("hosts", pair.outbound().outermost().selector(), B, A),
                false, false, 0));
        outcomes.accept(new IkeEvent.SaDeleted(IkeEvent.IpsecSaRef.of(pair, A500), "the peer deleted it", IkeEvent.DeletedBy.PEER));
        List<String> e = events();
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("INFO event=542 mode=quick id=7 mm_id=4 rule=hosts role=responder me=198.18.0.2 peer=198.18.0.1"), e.get(0));
        assertTrue(e.get(0).contains("inbound_spi=00001001 outbound_spi=00002002"), e.get(0));
    }

    private static IkeEvent.NegotiationFailed failed(IkeEvent.FailureKind kind, NotifyType notify, IkeEvent.ProposalMismatch m) {
        return new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, A500, "the reason", SA, kind, notify,
                m, null);
    }

    @Test
    void aPeerThatDidNotAuthenticateIs545Then547WithTheRuleAndBothAddresses() {
        outcomes.accept(failed(IkeEvent.FailureKind.AUTHENTICATION, NotifyType.AUTHENTICATION_FAILED, null));
        String who = " mode=main id=4 rule=hosts role=responder me=198.18.0.2 peer=198.18.0.1 peer_id=198.18.0.1"
                + " peer_vendor=strongSwan failure_point=me notify=AUTHENTICATION_FAILED reason=\"the reason\"";
        assertEquals(List.of("WARN event=545" + who, "WARN event=547" + who), events());
        assertEquals("hosts", outcomes.lastFailures().get(0).rule(), "ikdctl diag names the engine's rule");
    }

    @Test
    void anUntrustedCertificateIs544Then547() {
        outcomes.accept(failed(IkeEvent.FailureKind.CERTIFICATE_TRUST, NotifyType.AUTHENTICATION_FAILED, null));
        assertEquals(List.of("544", "547"), events().stream().map(l -> l.substring(l.indexOf("event=") + 6, l.indexOf(" mode"))).toList());
    }

    @Test
    void anInvalidProposalIs546WithWhatWasReceivedAndExpectedThen547() {
        outcomes.accept(failed(IkeEvent.FailureKind.INVALID_PROPOSAL, NotifyType.NO_PROPOSAL_CHOSEN,
                new IkeEvent.ProposalMismatch(List.of("3des-sha1-modp1024"), List.of("aes128-sha256-modp2048 psk"))));
        List<String> e = events();
        assertEquals(2, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("WARN event=546 mode=main id=4 rule=hosts") && e.get(0).contains(
                " expected=\"aes128-sha256-modp2048 psk\" received=3des-sha1-modp1024 notify=NO_PROPOSAL_CHOSEN"), e.get(0));
        assertTrue(e.get(1).startsWith("WARN event=547 mode=main id=4 rule=hosts"), e.get(1));
    }

    @Test
    void anAcquireRefusedBeforeMainModeIs547AloneWithoutAnSa() {
        outcomes.accept(new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, A500, "no rule",
                IkeEvent.IsakmpSaFacts.between(B500, A500, "hosts"), IkeEvent.FailureKind.NEGOTIATION, null, null, null));
        assertEquals(List.of("WARN event=547 mode=main rule=hosts me=198.18.0.2 peer=198.18.0.1 failure_point=me reason=\"no rule\""),
                events());
    }
}
