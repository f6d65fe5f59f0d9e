package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.it.hostile.AuthenticatedPeerLab.Evidence;
import org.ikd.it.hostile.peer.Answer;
import org.ikd.it.hostile.peer.ClientIds;
import org.ikd.it.hostile.peer.IsakmpSession;
import org.ikd.it.hostile.peer.QuickModeOffer;
import org.ikd.it.hostile.peer.TargetQuickMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authenticated peer M (key K2) against B's other SAs and its own history (issue 13, cases e-h):
 * Deletes naming the victim pair's SPIs and the victim's ISAKMP cookies; an INITIAL-CONTACT in a new
 * Main Mode (RFC 2407 §4.6.3.3: it speaks for M's SAs only); Quick Mode first messages replayed under
 * fresh message IDs, a byte copy (which cannot decrypt: the IV of a phase-2 M-ID is
 * hash(last phase-1 block | M-ID), RFC 2409 App. B) and a correct re-protection of an accepted one
 * (same Ni, same SPI; then the same SPI with a fresh Ni). And with B as initiator (case h): M answers B's Quick Mode with IDs for A's
 * address, or with a proposal B never offered. A's SAs on B must survive each, and A &lt;-&gt; B must flow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticatedPeerInformationalIT {
    private AuthenticatedPeerLab lab;
    private QuickModeOffer accepted;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping"), "needs ping");
        lab = AuthenticatedPeerLab.start("ikh-ai", dir);
    }

    @AfterAll
    void stop() {
        if (lab != null) lab.close();
    }

    @Test
    @Order(1)
    void eDeletesNamingTheVictimsSpisAndCookiesDeleteNothing() {
        Evidence before = lab.evidence();
        QuickModeSaView v = AuthenticatedPeerLab.victimPair(before.qm());
        MainModeSaView vmm = AuthenticatedPeerLab.victimMainMode(before.mm());
        lab.peer.deleteEsp(List.of(Bytes.fromHex(v.outboundSpi())));        // what A would name: its inbound SPI
        lab.peer.deleteEsp(List.of(Bytes.fromHex(v.inboundSpi())));         // B's own inbound SPI
        lab.peer.deleteIsakmp(Bytes.fromHex(vmm.initiatorCookie() + vmm.responderCookie()));
        Counters after = lab.awaitCounters(c -> c.since(before.counters(), "foreignDeletes") >= 3);
        String said = "foreignDeletes +" + after.since(before.counters(), "foreignDeletes") + "; B's Oakley log on M:\n"
                + lab.oakleyOnAttacker(before);
        System.out.printf("hostile case e (Deletes of SPIs %s, %s and cookies %s/%s): %s%n", v.outboundSpi(), v.inboundSpi(),
                vmm.initiatorCookie(), vmm.responderCookie(), said);
        assertAll("case e",
                () -> assertEquals(3, after.since(before.counters(), "foreignDeletes"), said),
                () -> lab.assertNothingInstalled(before, null),
                () -> assertEquals(cookies(vmm), cookies(AuthenticatedPeerLab.victimMainMode(AuthenticatedPeerLab.mm(lab.b)))),
                () -> lab.assertLogSays(before, "not one of its SAs"),
                lab::assertVictimFlows);
    }

    @Test
    @Order(2)
    void fAnInitialContactOfTheAttackerLeavesTheVictimsSasAlone() {
        Evidence before = lab.evidence();
        MainModeSaView vmm = AuthenticatedPeerLab.victimMainMode(before.mm());
        lab.peer.mainMode(AuthenticatedPeerLab.key(AuthenticatedPeerLab.K2), true);      // MM#6 came: B has read MM#5
        System.out.printf("hostile case f (INITIAL-CONTACT): B's Oakley log on M:%n%s", lab.oakleyOnAttacker(before));
        assertAll("case f",
                () -> lab.assertNothingInstalled(before, null),
                () -> assertEquals(cookies(vmm), cookies(AuthenticatedPeerLab.victimMainMode(AuthenticatedPeerLab.mm(lab.b)))),
                lab::assertVictimFlows);
    }

    @Test
    @Order(3)
    void h1AsInitiatorBRefusesAQuickMode2ForTheVictimsAddress() {
        Evidence before = lab.evidence();
        TargetQuickMode qm = quickModeOfB();
        Answer answer = lab.peer.answer(qm, qm.chosen(IsakmpSession.random(4)), qm.idci(), ClientIds.of(ThreeHosts.A));
        answeredByB("h1", before, qm, answer, ThreeHosts.A);
    }

    @Test
    @Order(4)
    void h2AsInitiatorBRefusesAQuickMode2WithAProposalItNeverOffered() {
        Evidence before = lab.evidence();
        TargetQuickMode qm = quickModeOfB();
        Answer answer = lab.peer.answer(qm, qm.notOffered(IsakmpSession.random(4)), qm.idci(), qm.idcr());
        answeredByB("h2", before, qm, answer, "offered");
    }

    /** A ping from B to M: rule lab makes B start a Quick Mode on M's ISAKMP SA. */
    private TargetQuickMode quickModeOfB() {
        lab.hosts.b.exec(10, "ping", "-c", "1", "-W", "1", "-I", ThreeHosts.B, ThreeHosts.M);
        return lab.peer.awaitQuickMode().orElseThrow(() -> new AssertionError("B started no Quick Mode with M for its ping"));
    }

    /** The proofs after M's QM#2 to B: nothing installed, selectorsRefused +1, a line on M naming {@code why}; what M got is removed after. */
    private void answeredByB(String name, Evidence before, TargetQuickMode qm, Answer answer, String why) {
        try {
            Counters after = lab.awaitCounters(c -> c.since(before.counters(), "selectorsRefused") >= 1);
            String said = "selectorsRefused +" + after.since(before.counters(), "selectorsRefused") + ", negotiationFailures +"
                    + after.since(before.counters(), "negotiationFailures") + "; B's Oakley log on M:\n" + lab.oakleyOnAttacker(before);
            System.out.printf("hostile case %s (B offered IDci %s, IDcr %s): answer %s; %s%n", name, ClientIds.describe(qm.idci()),
                    ClientIds.describe(qm.idcr()), answer, said);
            assertAll("case " + name,
                    () -> assertNotEquals(Answer.Kind.QUICK_MODE_3, answer.kind(), "B confirmed M's QM#2 with QM#3"),
                    () -> lab.assertNothingInstalled(before, null),
                    () -> assertEquals(1, after.since(before.counters(), "selectorsRefused"), "selectorsRefused; " + said),
                    () -> lab.assertLogSays(before, ThreeHosts.M, why),
                    lab::assertVictimFlows);
        } finally {
            lab.deleteAttackerPairsSince(before);
        }
    }

    @Test
    @Order(5)
    void gTheScriptedPeerGetsItsOwnTrafficFirst() {
        accepted = QuickModeOffer.build(lab.peer.session(), IsakmpSession.freshMessageId(), EncapsulationMode.TRANSPORT,
                ClientIds.of(ThreeHosts.M), ClientIds.of(ThreeHosts.B));
        Answer own = lab.peer.quickMode(accepted);
        System.out.printf("hostile case g0 (own traffic, to replay): %s%n", own);
        assertEquals(Answer.Kind.QUICK_MODE_2, own.kind(), own.toString());
        assertTrue(AuthenticatedPeerLab.attackerPairs(AuthenticatedPeerLab.qm(lab.b)).stream()
                .anyMatch(p -> p.filter().equals("198.18.0.2 -> 198.18.0.3")));
    }

    @Test
    @Order(6)
    void g1AByteCopyOfAnAcceptedQuickModeUnderAFreshMessageIdIsDropped() {
        assumeTrue(accepted != null, "needs case g0");
        Evidence before = lab.evidence();
        int messageId = IsakmpSession.freshMessageId();
        Answer answer = lab.peer.send(accepted.withMessageId(messageId), messageId, accepted.ni());
        Counters after = lab.awaitCounters(c -> dropped(before, c) >= 1);
        String said = "invalidPacketsReceived +" + after.since(before.counters(), "invalidPacketsReceived") + ", negotiationFailures +"
                + after.since(before.counters(), "negotiationFailures") + "; B's Oakley log on M:\n" + lab.oakleyOnAttacker(before);
        System.out.printf("hostile case g1 (byte copy, M-ID %08x): answer %s; %s%n", messageId, answer, said);
        assertAll("case g1",
                () -> assertNotEquals(Answer.Kind.QUICK_MODE_2, answer.kind(), "B answered a byte copy with QM#2"),
                () -> assertTrue(dropped(before, after) >= 1, said),
                () -> lab.assertNothingInstalled(before, null),
                lab::assertVictimFlows);
    }

    @Test
    @Order(7)
    void g2AnAcceptedQuickModeReprotectedUnderAFreshMessageIdIsRefused() {
        assumeTrue(accepted != null, "needs case g0");
        replayRefused("g2 (same Ni, same SPI)", accepted.reprotected(lab.peer.session(), IsakmpSession.freshMessageId()));
    }

    @Test
    @Order(8)
    void g3TheSpiOfAnAcceptedQuickModeWithAFreshNonceIsRefused() {
        assumeTrue(accepted != null, "needs case g0");
        replayRefused("g3 (fresh Ni, same SPI)", accepted.withFreshNonce(lab.peer.session(), IsakmpSession.freshMessageId()));
    }

    /** Cases g2, g3: a correctly protected QM#1 that reuses what case g0's accepted one carried. */
    private void replayRefused(String name, QuickModeOffer replay) {
        Evidence before = lab.evidence();
        Answer answer = lab.peer.quickMode(replay);
        Counters after = Counters.of(lab.b);
        String said = "negotiationFailures +" + after.since(before.counters(), "negotiationFailures") + "; B's Oakley log on M:\n"
                + lab.oakleyOnAttacker(before);
        System.out.printf("hostile case %s: Ni %s..., SPI %s, M-ID %08x: answer %s; %s%n", name, replay.ni().toHex().substring(0, 8),
                replay.spi().toHex(), replay.messageId(), answer, said);
        assertAll("case " + name,
                () -> assertNotEquals(Answer.Kind.QUICK_MODE_2, answer.kind(), "B answered the replay with QM#2"),
                () -> lab.assertNothingInstalled(before, null),
                () -> lab.assertLogSays(before, "reuses"),
                lab::assertVictimFlows);
    }

    private static long dropped(Evidence before, Counters now) {
        return now.since(before.counters(), "invalidPacketsReceived") + now.since(before.counters(), "negotiationFailures");
    }

    private static String cookies(MainModeSaView s) {
        return s.initiatorCookie() + "/" + s.responderCookie();
    }
}
