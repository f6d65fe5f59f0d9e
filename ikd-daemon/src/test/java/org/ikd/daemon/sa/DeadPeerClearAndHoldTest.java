package org.ikd.daemon.sa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.RuleLiveness;
import org.ikd.core.ike.ipsec.DeadPeerAction;
import org.ikd.core.policy.Rule;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.daemon.Packets;
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.admin.SaViewsTest;
import org.ikd.daemon.datapath.AcquireQueue;
import org.ikd.daemon.log.OakleyLog;
import org.ikd.daemon.policy.PolicyTranslation;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.ikd.esp.spd.Spd;
import org.ikd.esp.spd.SpdRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPD actions after a peer is declared dead (docs/nat-and-dpd.md, strongSwan's dpd_action): with
 * {@code clear} the rule's packets to that peer are dropped and counted and start no negotiation
 * until the peer negotiates with us, {@code ikdctl initiate} or a reload; with {@code hold} the next
 * packet negotiates. A real data plane turns a ping into ACQUIRE; IKE is a list of requests.
 */
class DeadPeerClearAndHoldTest {
    private static final InetAddress A = TestPolicies.ip("198.18.0.1");
    private static final InetAddress B = TestPolicies.ip("198.18.0.2");
    private static final byte[] PING = Packets.icmpEcho(new int[] {198, 19, 1, 5}, new int[] {198, 19, 2, 5});

    @TempDir
    Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<AcquireRequest> ike = new ArrayList<>();
    private final InstalledPairs installed = new InstalledPairs();
    private final ClearedTraffic cleared = new ClearedTraffic(OakleyLog.open(false));
    private final DataPlane dp = new DataPlane(DataPlaneConfig.defaults(), System::nanoTime);
    private final PacketBuffer pkt = dp.newPacketBuffer();
    private ParsedPolicy policy;
    private RuleLiveness actions;
    private Acquirer acquirer;

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private void start(String action) throws Exception {
        policy = TestPolicies.parse(dir, TestPolicies.host(TestPolicies.NET_TUNNEL
                + "dpd = { delay = \"2s\", timeout = \"5s\", action = \"%s\" }\n".formatted(action)));
        dp.replaceSpd(Spd.of(PolicyTranslation.of(policy.policy(), policy.meAddresses()).spdRules(), SpdRule.Action.PERMIT));
        AcquireQueue queue = new AcquireQueue(4, 8, 0, System::nanoTime);
        actions = new RuleLiveness(() -> policy.policy(), IkeConfig.DEFAULT);
        acquirer = new Acquirer(() -> policy, queue, ike::add, new OakleyRenderer(OakleyLog.open(false)), cleared);
        installed.add(pairOfNet(7));
    }

    /** A tunnel pair of rule "net" with B, as IkeOutcomes records it. */
    private static InstalledPairs.Installed pairOfNet(long id) {
        IpsecSaPair pair = new IpsecSaPair(id, "net", IpsecSaBundle.of(SaViewsTest.esp(0x100, Direction.INBOUND, B, A)),
                IpsecSaBundle.of(SaViewsTest.esp(0x200, Direction.OUTBOUND, A, B)));
        return new InstalledPairs.Installed(pair, 1, B, new AcquireRequest("net", pair.outbound().outermost().selector(), A, B),
                false, true, 0);
    }

    /**
     * The engine declared B dead and deleted pair 7 of rule "net"; for the rule's action it emits
     * (PairLifecycle.peerDead, PairLifecycleInMemoryTest) ClearTraffic with clear, which PairActions applies so.
     */
    private void peerDeclaredDead() {
        if (actions.deadPeerAction("net") == DeadPeerAction.CLEAR) cleared.clear("net", B);
        installed.remove(7);
    }

    /** A ping from the inner net: the data plane must say ACQUIRE (no SA), then the acquirer decides. */
    private void ping() {
        Packets.load(pkt, PING);
        assertEquals(Verdict.ACQUIRE, dp.outbound(pkt));
        acquirer.acquire(pkt);
    }

    @Test
    void clearDropsAndCountsTheRulesPacketsWithoutNegotiating() throws Exception {
        start("clear");
        peerDeclaredDead();
        ping();
        ping();
        assertEquals(List.of(), ike, "no Main Mode may start toward the dead peer");
        assertEquals(2, cleared.dropped.get());
        assertTrue(cleared.isCleared("net", B));
    }

    @Test
    void clearIsLiftedWhenThePeerNegotiatesWithUs() throws Exception {
        start("clear");
        peerDeclaredDead();
        ping();
        cleared.accept(new IkeEvent.PhaseOneEstablished(new CookiePair(1, 2), new InetSocketAddress(A, 500),
                new InetSocketAddress(B, 500), IsakmpSa.Role.RESPONDER, "198.18.0.2", "aes128-sha256-modp2048, psk"));
        ping();
        assertEquals(1, ike.size(), "the packet after the peer's Main Mode negotiates: " + ike);
        assertEquals(B, ike.get(0).peer());
        assertEquals(1, cleared.dropped.get());
    }

    @Test
    void clearIsLiftedByIkdctlInitiateAndByAReload() throws Exception {
        start("clear");
        peerDeclaredDead();
        Rule net = policy.policy().rule("net").orElseThrow();
        acquirer.initiate(new AcquireRequest("net", net.filterList().filters().get(0).selector(), A, B), net);
        assertFalse(cleared.isCleared("net", B));
        assertEquals(1, ike.size());
        cleared.clear("net", B);
        cleared.liftAll("policy reloaded");
        assertFalse(cleared.isCleared("net", B));
    }

    @Test
    void anotherPeersMainModeDoesNotLiftTheClearance() throws Exception {
        start("clear");
        peerDeclaredDead();
        cleared.accept(new IkeEvent.PhaseOneEstablished(new CookiePair(1, 2), new InetSocketAddress(A, 500),
                new InetSocketAddress(TestPolicies.ip("198.18.0.3"), 500), IsakmpSa.Role.RESPONDER, "198.18.0.3", "x, psk"));
        ping();
        assertEquals(List.of(), ike);
    }

    @Test
    void holdNegotiatesOnTheNextPacket() throws Exception {
        start("hold");
        peerDeclaredDead();
        assertFalse(cleared.isCleared("net", B));
        ping();
        assertEquals(1, ike.size(), "the first packet after the death starts a Main Mode");
        assertEquals(new AcquireRequest("net", ike.get(0).flow(), A, B), ike.get(0));
        assertEquals(0, cleared.dropped.get());
    }

    @Test
    void holdAndClearDoNotNegotiateAtOnceAsRestartDoes() throws Exception {
        for (String action : List.of("hold", "clear")) {
            start(action);
            peerDeclaredDead();
            assertEquals(List.of(), ike, action + ": nothing is negotiated without a packet");
        }
    }
}
