package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.RemoteAccessSession;
import org.ikd.core.ike.SeededEntropy;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.NegotiationOptions;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.RemoteAccess;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.policy.XauthLogin;
import org.junit.jupiter.api.Test;

/**
 * The gateway's remote access (draft-beaulieu-ike-xauth-02, draft-dukes-ike-mode-cfg-02) in memory: A is
 * a road warrior (ikd's Main Mode and Quick Mode initiator, plus {@link RoadWarrior} for the Transactions),
 * B the gateway with the LAN 198.18.10.0/24 and the pool 198.18.200.0/24.
 * <pre>
 *   HDR, SA ... HDR*, IDii, HASH_I -->            <-- HDR*, IDir, HASH_R
 *                                                 <-- HDR*, HASH, ATTR(CFG_REQUEST user, password)
 *   HDR*, HASH, ATTR(CFG_REPLY alice, secret) -->
 *                                                 <-- HDR*, HASH, ATTR(CFG_SET STATUS)
 *   HDR*, HASH, ATTR(CFG_ACK) -->
 *   HDR*, HASH, ATTR(CFG_REQUEST address...) -->  <-- HDR*, HASH, ATTR(CFG_REPLY 198.18.200.1 ...)
 *   Quick Mode 198.18.200.1 <-> 198.18.10.0/24
 * </pre>
 */
class RemoteAccessGatewayTest {
    private static final InetAddress CLIENT = Peers.A;
    private static final InetAddress GATEWAY = Peers.B;
    private static final String GROUP_KEY = "group key of the road warriors";
    private static final String PASSWORD = "alice's password";
    private static final Selector LAN_TO_POOL = Selector.between(Subnet.parse("198.18.10.0/24"), Subnet.parse("198.18.200.0/24"));

    /** The two engines: A the road warrior, B the gateway. */
    static final class Lab {
        private final Rule gatewayRule;
        private final Rule clientRule;
        private final Ikev1Exchanges gatewayExchanges;
        private final EnginePair pair;

        /** {@code aggressive}: phase 1 in Aggressive Mode, as the iOS client speaks it with a group key. */
        Lab(boolean aggressive) {
            this(aggressive, null);
        }

        /** {@code login}: A is ikd's own road warrior, answering XAUTH with it ({@link XauthClient}, {@link ModeConfigPull}). */
        Lab(boolean aggressive, XauthLogin login) {
            this(aggressive, login, false);
        }

        /** {@code push}: the gateway sends the configuration (mode-config = "push") instead of answering a pull. */
        Lab(boolean aggressive, XauthLogin login, boolean push) {
            NegotiationOptions options = new NegotiationOptions(64, NegotiationOptions.NatTraversal.AUTO, aggressive, null, null);
            gatewayRule = new Rule("roadwarriors", new FilterList("rw", List.of(new Filter(LAN_TO_POOL, true))),
                action(), psk(), RemoteAccess.anyPeer(), GATEWAY, false,
                options.withRemoteAccess(new RemoteAccess(Subnet.parse("198.18.200.0/24"),
                        List.of(Peers.address("198.18.10.53")), List.of(Subnet.parse("198.18.10.0/24")), 2,
                        (user, password) -> user.equals("alice") && password.equals(Bytes.of(PASSWORD.getBytes())), true, push)));
            clientRule = new Rule("vpn", new FilterList("vpn", List.of(new Filter(
                Selector.between(Subnet.parse("198.18.200.0/24"), Subnet.parse("198.18.10.0/24")), true))),
                action(), psk(), GATEWAY, CLIENT, false, options.withXauthLogin(login));
            Policy gatewayPolicy = policy(gatewayRule);
            SeededEntropy entropy = new SeededEntropy(2);
            PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
            gatewayExchanges = new Ikev1Exchanges(() -> gatewayPolicy, new RulePreSharedKeys(() -> gatewayPolicy), entropy,
                    DhSource.of(new SecureRandom()), registry, ExchangeOptions.DEFAULT);
            IkeEngine gateway = new IkeEngine(Peers.config(), gatewayExchanges, entropy, new IkeStatistics(), registry);
            pair = new EnginePair(Peers.engine(policy(clientRule), 1), CLIENT, gateway, GATEWAY, 500);
        }

        static FilterAction.Negotiate action() {
            return new FilterAction.Negotiate("esp", List.of(Peers.ESP_AES128_SHA1), false, null, false, false);
        }

        static List<AuthenticationMethod> psk() {
            return List.of(new AuthenticationMethod.PreSharedKey(Secret.of(GROUP_KEY.getBytes()), "group"));
        }

        static Policy policy(Rule r) {
            return new Policy("p", new MainModeSettings(List.of(Peers.AES128_SHA256_MODP2048), 28800, false, 0), List.of(r));
        }

        private void quickMode(String clientSide) {
            pair.acquire(pair.a, new AcquireRequest("vpn", Selector.between(Subnet.parse(clientSide), Subnet.parse("198.18.10.0/24")),
                    CLIENT, GATEWAY));
        }

        private RemoteAccessSession session() {
            return pair.b.engine.isakmpSas().get(0).remoteAccess();
        }

        private List<String> failures() {
            return pair.b.events(IkeEvent.NegotiationFailed.class).stream().map(IkeEvent.NegotiationFailed::reason).toList();
        }
    }

    private final Lab lab = new Lab(false);
    private final EnginePair pair = lab.pair;
    private final Ikev1Exchanges gatewayExchanges = lab.gatewayExchanges;
    private final Rule gatewayRule = lab.gatewayRule;

    private void quickMode(String clientSide) {
        lab.quickMode(clientSide);
    }

    private RemoteAccessSession session() {
        return lab.session();
    }

    private List<String> failures() {
        return lab.failures();
    }

    @Test
    void refusesQuickModeOfAnAuthenticatedPeerThatSkipsXauth() {
        quickMode("198.18.200.1/32");
        pair.deliverAll();                               // A's engine drops the CFG_REQUEST: it never answers XAUTH
        assertEquals(1, pair.b.count(IkeCounter.SELECTORS_REFUSED));
        assertTrue(failures().get(0).contains("before XAUTH succeeded"), failures().toString());
        assertTrue(pair.b.events(IkeEvent.QuickModeEstablished.class).isEmpty());
        assertEquals(RemoteAccessSession.State.XAUTH_PENDING, session().state());
    }

    @Test
    void leasesAnAddressAfterXauthAndAcceptsQuickModeForItOnly() throws Exception {
        quickMode("198.18.200.1/32");                    // started at once after Main Mode: refused, XAUTH not done yet
        RoadWarrior alice = new RoadWarrior(pair, "alice", PASSWORD);
        alice.run();
        assertEquals(List.of(AttributePayload.REQUEST, AttributePayload.SET), alice.received.stream().map(AttributePayload::cfgType).toList());
        assertEquals(1, alice.received.get(1).attribute(16527).orElseThrow().intValue(), "XAUTH-STATUS OK");
        assertTrue(session().authenticated());

        AttributePayload reply = alice.pull();
        assertEquals(AttributePayload.REPLY, reply.cfgType());
        assertEquals(7, reply.identifier());
        assertEquals(Peers.address("198.18.200.1"), RoadWarrior.address(reply));
        assertEquals(Bytes.fromHex("c6120a35"), reply.attribute(3).orElseThrow().value());                 // 198.18.10.53
        assertEquals(Bytes.fromHex("c6120a00ffffff00"), reply.attribute(13).orElseThrow().value());         // 198.18.10.0/24
        assertEquals(Bytes.fromHex("c6120a00ffffff00000000000000"), reply.attribute(28676).orElseThrow().value());

        quickMode("198.18.200.7/32");                    // another address than its lease
        pair.deliverAll();
        assertTrue(failures().get(failures().size() - 1).contains("its leased address is 198.18.200.1"), failures().toString());
        quickMode("198.18.200.1/32");
        pair.deliverAll();
        assertEquals(1, pair.b.events(IkeEvent.QuickModeEstablished.class).size());
        assertEquals(1, gatewayExchanges.remoteAccess().pool(gatewayRule).leased());

        IsakmpSa sa = pair.b.engine.isakmpSas().get(0);
        pair.apply(pair.b, pair.b.engine.delete(sa.cookies(), "test", pair.now));
        assertEquals(0, gatewayExchanges.remoteAccess().pool(gatewayRule).leased(), "the lease goes with the ISAKMP SA");

        pair.network.clear();                           // the Delete: A's engine would forget its SA; this test has A start anew
        pair.a.engine.isakmpSas().forEach(s -> pair.apply(pair.a, pair.a.engine.delete(s.cookies(), "test", pair.now)));
        pair.network.clear();
        quickMode("198.18.200.2/32");
        RoadWarrior next = new RoadWarrior(pair, "alice", PASSWORD);
        next.run();
        assertEquals(Peers.address("198.18.200.2"), RoadWarrior.address(next.pull()),
                "198.18.200.1 is free in the pool but its pair outlived the ISAKMP SA: not leased again while it lives");
    }

    @Test
    void wrongPasswordIsAskedAgainThenFailsWithTheUserNameButNeverThePassword() {
        quickMode("198.18.200.1/32");
        RoadWarrior mallory = new RoadWarrior(pair, "alice", "guess");
        mallory.run();
        assertEquals(List.of(AttributePayload.REQUEST, AttributePayload.REQUEST, AttributePayload.SET),
                mallory.received.stream().map(AttributePayload::cfgType).toList());
        assertEquals(0, mallory.received.get(2).attribute(16527).orElseThrow().intValue(), "XAUTH-STATUS FAIL");
        List<String> xauth = failures().stream().filter(f -> f.startsWith("XAUTH failed")).toList();
        assertEquals(2, xauth.size(), failures().toString());
        assertTrue(xauth.get(0).contains("user 'alice'") && xauth.get(0).contains("attempt 1 of 2"), xauth.get(0));
        for (IkeEvent e : pair.b.events) assertFalse(e.toString().contains("guess"), e.toString());
        assertTrue(pair.b.engine.isakmpSas().isEmpty(), "STATUS FAIL deletes the ISAKMP SA");
        assertEquals(1, pair.b.events(IkeEvent.SaDeleted.class).size());
    }

    /** XauthLockout: new Main Modes do not buy more guesses; once locked, even the right password is refused unchecked. */
    @Test
    void fiveWrongPasswordsAcrossMainModesLockTheUser() {
        for (int mainMode = 0; mainMode < 3; mainMode++) {
            quickMode("198.18.200.1/32");
            new RoadWarrior(pair, "alice", "guess").run();
        }
        List<String> xauth = failures().stream().filter(f -> f.startsWith("XAUTH failed")).toList();
        assertEquals(XauthLockout.THRESHOLD, xauth.size(), failures().toString());
        assertTrue(xauth.get(XauthLockout.THRESHOLD - 1).contains("the user is locked for 15 min"), xauth.toString());
        quickMode("198.18.200.1/32");
        new RoadWarrior(pair, "alice", PASSWORD).run();
        String last = failures().get(failures().size() - 1);
        assertTrue(last.contains("user 'alice'") && last.contains("locked until") && last.contains("not checked"), last);
        assertTrue(pair.b.engine.isakmpSas().isEmpty(), "refused at once: STATUS FAIL, the ISAKMP SA goes");
    }

    @Test
    void xauthFollowsAggressiveModeAsWellAsMainMode() throws Exception {
        Lab aggressive = new Lab(true);
        aggressive.quickMode("198.18.200.1/32");
        RoadWarrior alice = new RoadWarrior(aggressive.pair, "alice", PASSWORD);
        alice.run();
        assertTrue(aggressive.pair.b.events.stream().anyMatch(e -> e.toString().contains("AM#3 recv")), aggressive.pair.b.events.toString());
        assertTrue(aggressive.session().authenticated());
        assertEquals(Peers.address("198.18.200.1"), RoadWarrior.address(alice.pull()));
        aggressive.quickMode("198.18.200.1/32");
        aggressive.pair.deliverAll();
        assertEquals(1, aggressive.pair.b.events(IkeEvent.QuickModeEstablished.class).size());
    }

    /**
     * The road warrior's acquire (its rule's whole pool side) waits on its ISAKMP SA through XAUTH and
     * Mode-Config, then goes as one Quick Mode narrowed to the lease: the gateway refuses nothing.
     */
    @Test
    void ikdsOwnRoadWarriorHoldsItsFirstQuickModeUntilItsLeaseAndNarrowsItToTheLease() {
        Lab own = new Lab(false, new XauthLogin("alice", Secret.of(PASSWORD.getBytes())));
        own.quickMode("198.18.200.0/24");               // HDR, SA -->  ... XAUTH, CFG_REQUEST/REPLY, then QM#1
        own.pair.deliverAll();
        IsakmpSa client = own.pair.a.engine.isakmpSas().get(0);
        assertEquals(Peers.address("198.18.200.1"), client.virtualAddress());
        assertTrue(own.session().authenticated());
        assertEquals(List.of(), own.failures(), "the gateway refused a Quick Mode");
        var established = own.pair.a.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(1, established.size(), own.pair.a.events.toString());
        assertEquals(Subnet.host(Peers.address("198.18.200.1")), established.get(0).pair().outbound().outermost().selector().source());
        assertEquals(1, own.pair.b.events(IkeEvent.QuickModeEstablished.class).size());
        var granted = own.pair.a.events(IkeEvent.LeaseGranted.class);
        assertEquals(1, granted.size());
        assertEquals(List.of(Subnet.parse("198.18.10.0/24")), granted.get(0).lease().networks(), "INTERNAL_IP4_SUBNET / split include");
    }

    /**
     * draft-dukes-ike-mode-cfg-02 §3.2 in both roles: after XAUTH the gateway sends CFG_SET with the lease,
     * ikd's road warrior (mode-config = "push") ACKs it, pulls nothing, and its held Quick Mode goes.
     */
    @Test
    void gatewayPushesTheLeaseAndIkdsRoadWarriorAcknowledgesIt() {
        Lab push = new Lab(false, new XauthLogin("alice", Secret.of(PASSWORD.getBytes()), true), true);
        push.quickMode("198.18.200.0/24");
        push.pair.deliverAll();
        assertEquals(Peers.address("198.18.200.1"), push.pair.a.engine.isakmpSas().get(0).virtualAddress());
        List<String> gateway = push.pair.b.events(IkeEvent.Progress.class).stream().map(IkeEvent.Progress::text).toList();
        assertTrue(gateway.stream().anyMatch(t -> t.startsWith("CFG send CFG_SET -> pushed 198.18.200.1 to user 'alice'")), gateway.toString());
        assertTrue(gateway.stream().anyMatch(t -> t.startsWith("CFG recv CFG_ACK -> user 'alice' took 198.18.200.1")), gateway.toString());
        assertTrue(gateway.stream().noneMatch(t -> t.contains("CFG recv CFG_REQUEST")), "the road warrior pulled as well: " + gateway);
        assertEquals(1, push.pair.a.events(IkeEvent.QuickModeEstablished.class).size(), push.pair.a.events.toString());
        assertEquals(List.of(), push.failures());
    }

    /**
     * The gateway cannot start a Main Mode to a road warrior, but it renews (rekeys) the road warrior's
     * pair with a Quick Mode on the road warrior's own ISAKMP SA, for its lease; charon ignores
     * RESPONDER-LIFETIME, so without this a byte limit of ours would end the pair for good.
     */
    @Test
    void gatewayRenewsARoadWarriorsPairOnItsIsakmpSa() {
        Lab own = new Lab(false, new XauthLogin("alice", Secret.of(PASSWORD.getBytes())));
        own.quickMode("198.18.200.1/32");
        own.pair.deliverAll();
        own.quickMode("198.18.200.1/32");
        own.pair.deliverAll();
        long pairId = own.pair.b.events(IkeEvent.QuickModeEstablished.class).get(0).pair().id();
        own.pair.apply(own.pair.b, own.pair.b.engine.rekey(pairId, own.pair.now));
        own.pair.deliverAll();
        var renewed = own.pair.b.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(2, renewed.size(), own.pair.b.events.toString());
        assertEquals(1, own.pair.b.engine.isakmpSas().size(), "no new Main Mode");
        assertEquals(Subnet.host(Peers.address("198.18.200.1")), renewed.get(1).pair().outbound().outermost().selector().destination());
    }

    @Test
    void ikdsOwnRoadWarriorWithAWrongPasswordIsRefused() {
        Lab own = new Lab(false, new XauthLogin("alice", Secret.of("wrong".getBytes())));
        own.quickMode("198.18.200.1/32");
        own.pair.deliverAll();
        assertTrue(own.pair.b.engine.isakmpSas().isEmpty(), "the gateway deleted the ISAKMP SA");
        assertTrue(own.pair.a.events(IkeEvent.NegotiationFailed.class).stream()
                .anyMatch(f -> f.reason().contains("refused XAUTH for user 'alice' (STATUS FAIL)")), own.pair.a.events.toString());
    }

    @Test
    void refusesModeConfigBeforeXauth() {
        quickMode("198.18.200.1/32");
        pair.deliverAll();
        assertNull(new RoadWarrior(pair, "alice", PASSWORD).pull(), "no CFG_REPLY");
        assertTrue(failures().stream().anyMatch(f -> f.contains("before XAUTH succeeded: refused, no address given")), failures().toString());
        assertEquals(0, gatewayExchanges.remoteAccess().pool(gatewayRule).leased());
    }

    /** RFC 4291 §2.6.1: the all-zero interface ID is the subnet-router anycast address, never handed out. */
    @Test
    void ipv6PoolSkipsTheAnycastAddressAndReusesReleasedOnes() {
        AddressPool pool = new AddressPool(Subnet.parse("2001:2:0:200::/126"));
        InetAddress first = pool.lease();
        assertEquals(Peers.address("2001:2:0:200::1"), first);
        assertEquals(Peers.address("2001:2:0:200::2"), pool.lease());
        assertEquals(Peers.address("2001:2:0:200::3"), pool.lease(), "IPv6 has no broadcast address");
        assertNull(pool.lease());
        pool.release(first);
        assertEquals(first, pool.lease());
        assertEquals(Peers.address("2001:2:0:200::1"), new AddressPool(Subnet.parse("2001:2:0:200::/64")).lease());
    }

    @Test
    void poolSkipsNetworkAndBroadcastAndReusesReleasedAddresses() {
        AddressPool pool = new AddressPool(Subnet.parse("198.18.200.0/30"));
        InetAddress first = pool.lease();
        assertEquals(Peers.address("198.18.200.1"), first);
        assertEquals(Peers.address("198.18.200.2"), pool.lease());
        assertNull(pool.lease(), "198.18.200.3 is the broadcast address");
        pool.release(first);
        assertEquals(first, pool.lease());
    }
}
