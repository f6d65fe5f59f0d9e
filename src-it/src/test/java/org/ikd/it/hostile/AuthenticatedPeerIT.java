package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.it.hostile.AuthenticatedPeerLab.Evidence;
import org.ikd.it.hostile.peer.Answer;
import org.ikd.it.hostile.peer.ClientIds;
import org.ikd.it.hostile.peer.IsakmpSession;
import org.ikd.it.hostile.peer.QuickModeOffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that authenticates with a valid key (K2, rules {@code lab} and {@code tun-m} of B) asks B
 * in Quick Mode for traffic that key does not allow (issue 13, cases a-d): another host's address
 * (A's, bound to K1), a subnet instead of its own address, a tunnel subnet wider than its rule, the
 * remote network of another peer's tunnel rule, a protocol and port its rule does not cover. Each
 * must be refused with nothing installed, counted ({@code selectorsRefused}) and explained in B's
 * Oakley log, and A &lt;-&gt; B must flow as before. Case 0 first shows that the same peer gets what
 * its own rules allow, so that a refusal is B's judgement, not a malformed message of the peer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AuthenticatedPeerIT {
    private AuthenticatedPeerLab lab;
    private Set<Long> attackerBaseline = Set.of();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping"), "needs ping");
        lab = AuthenticatedPeerLab.start("ikh-ap", dir);
    }

    @AfterAll
    void stop() {
        if (lab != null) lab.close();
    }

    /** A case that got something installed must not spoil the next one: what it got is deleted. */
    @AfterEach
    void deleteWhatTheCaseGot() {
        if (lab == null) return;
        for (QuickModeSaView p : AuthenticatedPeerLab.attackerPairs(AuthenticatedPeerLab.qm(lab.b)))
            if (!attackerBaseline.contains(p.id())) lab.b.ikdctl("delete", "qm", Long.toString(p.id()));
    }

    @Test
    @Order(0)
    void theScriptedPeerGetsWhatItsOwnRulesAllow() {
        Answer own = quickMode(EncapsulationMode.TRANSPORT, ClientIds.of(ThreeHosts.M), ClientIds.of(ThreeHosts.B));
        Answer tunnel = quickMode(EncapsulationMode.TUNNEL, ClientIds.of(AuthenticatedPeerLab.NET_M, 17, 7),
                ClientIds.of(AuthenticatedPeerLab.NET_B, 17, 0));
        var mine = AuthenticatedPeerLab.attackerPairs(AuthenticatedPeerLab.qm(lab.b));
        System.out.printf("hostile case 0 (own traffic): transport %s, tunnel %s; B's pairs with M: %s%n", own, tunnel, mine);
        assertEquals(Answer.Kind.QUICK_MODE_2, own.kind(), "M's own address under rule lab: " + own);
        assertEquals("HASH(2) good", own.detail());
        assertEquals(Answer.Kind.QUICK_MODE_2, tunnel.kind(), "198.19.3.0/24 UDP 7 under rule tun-m: " + tunnel);
        assertTrue(mine.stream().anyMatch(p -> p.rule().equals("lab")) && mine.stream().anyMatch(p -> p.rule().equals("tun-m")), mine.toString());
        attackerBaseline = mine.stream().map(QuickModeSaView::id).collect(Collectors.toSet());
        lab.assertVictimFlows();
    }

    @Test
    @Order(1)
    void aTransportModeForTheVictimsAddressIsRefused() {
        refusedForAnotherAddress("a", ClientIds.of(ThreeHosts.A), "198.18.0.2 -> 198.18.0.1");
    }

    @Test
    @Order(2)
    void bTransportModeForASubnetIsRefused() {
        refusedForAnotherAddress("b", ClientIds.of("198.18.0.0/24"), "198.18.0.2 -> 198.18.0.0/24");
    }

    @Test
    @Order(3)
    void cTunnelModeForASubnetWiderThanItsRuleIsRefused() {
        refusedByEveryRule("c1", ClientIds.of("198.19.0.0/16", 17, 7), ClientIds.of(AuthenticatedPeerLab.NET_B, 17, 0),
                "198.19.2.0/24 -> 198.19.0.0/16[7] proto 17");
    }

    @Test
    @Order(4)
    void cTunnelModeForTheRemoteNetworkOfAnotherPeersTunnelRuleIsRefused() {
        refusedByEveryRule("c2", ClientIds.of(AuthenticatedPeerLab.NET_A), ClientIds.of(AuthenticatedPeerLab.NET_B),
                "198.19.2.0/24 -> 198.19.1.0/24");
    }

    @Test
    @Order(5)
    void dTunnelModeForAProtocolAndPortItsRuleDoesNotCoverIsRefused() {
        refusedByEveryRule("d", ClientIds.of(AuthenticatedPeerLab.NET_M, 6, 22), ClientIds.of(AuthenticatedPeerLab.NET_B, 6, 0),
                "198.19.2.0/24 -> 198.19.3.0/24[22] proto 6");
    }

    /** Cases a, b: M, authenticated for rule lab, asks for IDci other than its own address (IDcr is B). */
    private void refusedForAnotherAddress(String name, IdentificationPayload idci, String requested) {
        Evidence before = lab.evidence();
        Answer answer = quickMode(EncapsulationMode.TRANSPORT, idci, ClientIds.of(ThreeHosts.B));
        refused(name, before, answer, requested, "authenticated for rule 'lab'", "which is not its own address");
        assertTrue(answer.notified(NotifyType.INVALID_ID_INFORMATION), "M must be told INVALID-ID-INFORMATION (18): " + answer);
    }

    /** Cases c, d: tunnel mode, IDci/IDcr as given; no rule M's key authenticates allows the traffic. */
    private void refusedByEveryRule(String name, IdentificationPayload idci, IdentificationPayload idcr, String requested) {
        Evidence before = lab.evidence();
        Answer answer = quickMode(EncapsulationMode.TUNNEL, idci, idcr);
        refused(name, before, answer, requested, "authenticated for rule", "no rule it is authenticated for allows");
    }

    /**
     * The three proofs after a refused Quick Mode, each checked even when another fails (the
     * report of a failing run names every broken one); returns what B said, for the report.
     */
    private String refused(String name, Evidence before, Answer answer, String requested, String... logParts) {
        Counters after = Counters.of(lab.b);
        String said = "selectorsRefused +" + after.since(before.counters(), "selectorsRefused") + ", negotiationFailures +"
                + after.since(before.counters(), "negotiationFailures") + "; B's Oakley log on M:\n" + lab.oakleyOnAttacker(before);
        System.out.printf("hostile case %s: answer %s; %s%n", name, answer, said);
        assertAll("case " + name,
                () -> assertNotEquals(Answer.Kind.QUICK_MODE_2, answer.kind(), "B answered QM#2 for " + requested),
                () -> lab.assertNothingInstalled(before, requested),
                () -> assertEquals(1, after.since(before.counters(), "selectorsRefused"), "selectorsRefused; " + said),
                () -> lab.assertLogSays(before, logParts),
                lab::assertVictimFlows);
        return said;
    }

    private Answer quickMode(EncapsulationMode mode, IdentificationPayload idci, IdentificationPayload idcr) {
        return lab.peer.quickMode(QuickModeOffer.build(lab.peer.session(), IsakmpSession.freshMessageId(), mode, idci, idcr));
    }
}
