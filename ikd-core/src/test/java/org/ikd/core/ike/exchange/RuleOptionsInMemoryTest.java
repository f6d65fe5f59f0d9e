package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;
import org.ikd.core.isakmp.payload.VendorIdPayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.NegotiationOptions;
import org.ikd.core.policy.NegotiationOptions.NatTraversal;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the per-rule options reach what is negotiated. A and B each have two transport rules
 * between them, {@code udp} (protocol 17) and {@code tcp} (protocol 6), with the same key; the
 * tests vary the rules' {@link NegotiationOptions} and look at the installed pairs and the wire.
 */
class RuleOptionsInMemoryTest {
    private static final InetAddress A = Peers.A;
    private static final InetAddress B = Peers.B;
    /** RFC 3947 §3.1 and the drafts' NAT-T vendor IDs (MD5 of the document names, as ike-scan lists them). */
    private static final List<Bytes> NAT_T_VENDOR_IDS = List.of(Bytes.fromHex("4a131c81070358455c5728f20e95452f"),
            Bytes.fromHex("90cb80913ebb696e086381b5ec427b1f"), Bytes.fromHex("cd60464335df21f87cfdb2fc68b6a448"),
            Bytes.fromHex("7d9419a65310ca6f2c179d9215529d56"));

    private final List<IsakmpMessage> clear = new ArrayList<>();

    private static Selector flow(InetAddress from, InetAddress to, int protocol) {
        return new Selector(Subnet.host(from), Subnet.host(to), protocol, PortRange.ANY, PortRange.ANY);
    }

    private static Rule rule(String name, Selector s, NegotiationOptions options) {
        return new Rule(name, new FilterList(name, List.of(new Filter(s, true))),
                new FilterAction.Negotiate(name, List.of(Peers.ESP_AES128_SHA1), false, null, false, false),
                List.of(new AuthenticationMethod.PreSharedKey(Secret.of("ikd test key".getBytes()), name)), null, null, false, options);
    }

    /** {@code me}'s policy: rule udp then rule tcp, both to {@code peer}. */
    private static Policy policy(InetAddress me, InetAddress peer, NegotiationOptions udp, NegotiationOptions tcp) {
        return new Policy("p", new MainModeSettings(List.of(Peers.AES128_SHA256_MODP2048), 28800, false, 0),
                List.of(rule("udp", flow(me, peer, 17), udp), rule("tcp", flow(me, peer, 6), tcp)));
    }

    private EnginePair pair(NegotiationOptions aUdp, NegotiationOptions aTcp, NegotiationOptions bUdp, NegotiationOptions bTcp) {
        EnginePair p = new EnginePair(Peers.engine(policy(A, B, aUdp, aTcp), 1), A, Peers.engine(policy(B, A, bUdp, bTcp), 2), B, 500);
        p.path = d -> {                                                  // keeps every unencrypted message (RFC 2408 §3.1 flag E)
            if ((d.message().getUnsigned(19) & 1) == 0) clear.add(IsakmpMessage.decode(ByteBuffer.wrap(d.message().toArray())));
            return d;
        };
        return p;
    }

    /** A starts {@code rule}'s negotiation; returns the pair each side installed for it. */
    private static IpsecSaPair[] negotiate(EnginePair p, String rule, int protocol) {
        p.acquire(p.a, new AcquireRequest(rule, flow(A, B, protocol), A, B));
        p.deliverAll();
        return new IpsecSaPair[] {installed(p.a, rule), installed(p.b, rule)};
    }

    private static IpsecSaPair installed(EnginePair.Side side, String rule) {
        return side.events(IkeEvent.QuickModeEstablished.class).stream().map(IkeEvent.QuickModeEstablished::pair)
                .filter(x -> x.ruleName().equals(rule)).findFirst().orElseThrow(() -> new AssertionError(side + " installed nothing for " + rule
                        + ": " + side.events(IkeEvent.NegotiationFailed.class)));
    }

    private static void assertWindow(int expected, IpsecSaPair pair) {
        for (IpsecSaSpec s : pair.inbound().sas()) assertEquals(expected, s.replayWindow(), pair.ruleName() + " inbound " + s);
        for (IpsecSaSpec s : pair.outbound().sas()) assertEquals(expected, s.replayWindow(), pair.ruleName() + " outbound " + s);
    }

    private static NegotiationOptions window(int w) {
        return new NegotiationOptions(w, NatTraversal.AUTO);
    }

    private static NegotiationOptions nat(NatTraversal mode) {
        return new NegotiationOptions(NegotiationOptions.DEFAULT_REPLAY_WINDOW, mode);
    }

    private static boolean natTraversalVendorId(IsakmpMessage m) {
        return m.all(VendorIdPayload.class).stream().anyMatch(v -> NAT_T_VENDOR_IDS.contains(v.vendorId()));
    }

    @Test
    void eachSideInstallsTheReplayWindowOfItsOwnRule() {
        EnginePair p = pair(window(0), window(256), window(1024), window(4096));
        IpsecSaPair[] udp = negotiate(p, "udp", 17);
        assertWindow(0, udp[0]);
        assertWindow(1024, udp[1]);
        IpsecSaPair[] tcp = negotiate(p, "tcp", 6);
        assertWindow(256, tcp[0]);
        assertWindow(4096, tcp[1]);
        assertEquals(1, p.a.engine.isakmpSas().size(), "both rules keyed under one Main Mode");
    }

    @Test
    void aRuleWithoutReplayWindowGetsSixtyFour() {
        NegotiationOptions d = NegotiationOptions.DEFAULT;
        assertWindow(64, negotiate(pair(d, d, d, d), "udp", 17)[0]);
    }

    @Test
    void natTraversalOffOnTheInitiatorsRuleSendsNoNatTVendorIdAndNoNatD() {
        EnginePair p = pair(nat(NatTraversal.OFF), NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT);
        IpsecSaPair[] udp = negotiate(p, "udp", 17);
        // MM1 HDR, SA, VID -->  <-- MM2 HDR, SA, VID   MM3 HDR, KE, Ni -->  <-- MM4 HDR, KE, Nr
        assertEquals(4, clear.size(), "four Main Mode messages in the clear");
        assertFalse(natTraversalVendorId(clear.get(0)), "MM1 announces no NAT-T");
        assertFalse(natTraversalVendorId(clear.get(1)), "B answers no NAT-T it was not offered (RFC 3947 §3.1)");
        assertTrue(clear.get(2).all(NatDiscoveryPayload.class).isEmpty(), "MM3 carries no NAT-D");
        assertTrue(clear.get(3).all(NatDiscoveryPayload.class).isEmpty(), "MM4 carries no NAT-D");
        assertNull(udp[0].outbound().outermost().natTraversal(), "plain ESP");
        assertFalse(p.a.engine.isakmpSas().get(0).natTraversal(), "IKE stays on port 500");
    }

    @Test
    void aResponderWhoseRulesForThePeerAllSayOffAnswersNoNatT() {
        NegotiationOptions off = nat(NatTraversal.OFF);
        EnginePair p = pair(NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT, off, off);
        negotiate(p, "udp", 17);
        assertTrue(natTraversalVendorId(clear.get(0)), "A (auto) announces NAT-T");
        assertFalse(natTraversalVendorId(clear.get(1)), "B's MM2 does not answer it");
        assertTrue(clear.get(2).all(NatDiscoveryPayload.class).isEmpty() && clear.get(3).all(NatDiscoveryPayload.class).isEmpty(),
                "no NAT-D either way");
    }

    @Test
    void aResponderWithOneRuleThatDoesNotSayOffKeepsNatT() {
        EnginePair p = pair(NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT, nat(NatTraversal.OFF), NegotiationOptions.DEFAULT);
        negotiate(p, "udp", 17);
        assertTrue(natTraversalVendorId(clear.get(1)), "B's tcp rule may need NAT-T: MM2 answers it");
        assertEquals(2, clear.get(3).all(NatDiscoveryPayload.class).size());
    }

    @Test
    void forceOnOneRuleEncapsulatesOnlyThatRulesSas() {
        EnginePair p = pair(nat(NatTraversal.FORCE), NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT);
        IpsecSaPair[] forced = negotiate(p, "udp", 17);
        IpsecSaPair[] plain = negotiate(p, "tcp", 6);
        for (IpsecSaPair x : forced) {
            assertNotNull(x.outbound().outermost().natTraversal(), "udp's SAs are UDP-encapsulated (RFC 3948)");
            assertNotNull(x.inbound().outermost().natTraversal());
        }
        for (IpsecSaPair x : plain) {
            assertNull(x.outbound().outermost().natTraversal(), "tcp's SAs are plain ESP");
            assertNull(x.inbound().outermost().natTraversal());
        }
        // tcp did not reuse the forced ISAKMP SA on 4500: A started a second Main Mode on 500
        List<IsakmpSa> sas = p.a.engine.isakmpSas();
        assertEquals(2, sas.size());
        assertEquals(1, sas.stream().filter(IsakmpSa::natTraversal).count());
    }

    @Test
    void aForcedRuleDoesNotReuseAnIsakmpSaWithoutNatT() {
        EnginePair p = pair(nat(NatTraversal.FORCE), NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT, NegotiationOptions.DEFAULT);
        IpsecSaPair[] plain = negotiate(p, "tcp", 6);
        IpsecSaPair[] forced = negotiate(p, "udp", 17);
        assertNull(plain[0].outbound().outermost().natTraversal());
        assertNotNull(forced[0].outbound().outermost().natTraversal());
        assertNotNull(forced[1].outbound().outermost().natTraversal(), "B encapsulates too: it saw A's NAT-D as a NAT");
    }
}
