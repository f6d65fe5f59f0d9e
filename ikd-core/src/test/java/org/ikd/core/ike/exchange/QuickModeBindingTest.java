package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/**
 * Issue "Quick Mode hijack": a peer authenticated for one rule asks, in Quick Mode, for traffic of
 * another (RFC 2409 §5.5, §9). B has rule {@code to-a} (A only, key K1), {@code lab} (any host of
 * 198.18.0.0/15, key K2) and two tunnel rules; M (198.18.0.3) knows only K2 and sends its Quick
 * Modes with ikd's own initiator, whose IDs come from the acquire's flow, so it can claim anything.
 */
class QuickModeBindingTest {
    private static final InetAddress A = Peers.A;
    private static final InetAddress B = Peers.B;
    private static final InetAddress M = Peers.address("198.18.0.3");
    private static final String K1 = "key of the to-a rule";
    private static final String K2 = "key of the lab rule";

    private static Rule rule(String name, Selector s, String key, InetAddress endpoint, InetAddress localEndpoint) {
        return new Rule(name, new FilterList(name, List.of(new Filter(s, true))),
                new FilterAction.Negotiate(name, List.of(Peers.ESP_AES128_SHA1), false, null, false, false),
                List.of(new AuthenticationMethod.PreSharedKey(Secret.of(key.getBytes()), name)), endpoint, localEndpoint, false);
    }

    private static Selector sel(String source, String destination) {
        return Selector.between(Subnet.parse(source), Subnet.parse(destination));
    }

    private static Policy policy(Rule... rules) {
        return new Policy("p", new MainModeSettings(List.of(Peers.AES128_SHA256_MODP2048), 28800, false, 0), List.of(rules));
    }

    /** B's policy: to-a before lab, so a claim for A's address would land on to-a without the binding. */
    private static final Policy B_POLICY = policy(
            rule("to-a", sel("198.18.0.2", "198.18.0.1"), K1, null, null),
            rule("lab", sel("198.18.0.2", "198.18.0.0/15"), K2, null, null),
            rule("tun-a", sel("198.19.2.0/24", "198.19.1.0/24"), K1, A, B),
            rule("tun-m", new Selector(Subnet.parse("198.19.2.0/24"), Subnet.parse("198.19.3.0/24"), 17, PortRange.ANY, PortRange.ANY),
                    K2, M, B));

    /** M's: one transport and one tunnel rule to B with K2; the flows it claims come from the acquires. */
    private static final Policy M_POLICY = policy(
            rule("m", sel("198.18.0.3", "198.18.0.2"), K2, null, null),
            rule("mt", sel("198.19.0.0/16", "198.19.2.0/24"), K2, B, M));

    private static final Policy A_POLICY = policy(rule("to-b", sel("198.18.0.1", "198.18.0.2"), K1, null, null));

    private final EnginePair mb = new EnginePair(Peers.engine(M_POLICY, 3), M, Peers.engine(B_POLICY, 2), B, 500);

    /** M claims {@code flow} (its side first) under its rule {@code rule}; returns B's failure reasons. */
    private List<String> claim(String rule, Selector flow) {
        mb.acquire(mb.a, new AcquireRequest(rule, flow, M, B));
        mb.deliverAll();
        return mb.b.events(IkeEvent.NegotiationFailed.class).stream().map(IkeEvent.NegotiationFailed::reason).toList();
    }

    private void assertRefused(List<String> reasons, String... parts) {
        assertEquals(1, reasons.size(), reasons.toString());
        for (String p : parts) assertTrue(reasons.get(0).contains(p), reasons.get(0) + " should contain: " + p);
        assertEquals(1, mb.b.count(IkeCounter.SELECTORS_REFUSED));
        assertEquals(0, mb.b.events(IkeEvent.QuickModeEstablished.class).size(), "nothing installed");
        assertTrue(mb.b.engine.ipsecSas().withPeer(M).isEmpty(), "B holds no pair with M");
    }

    @Test
    void transportModeClaimOfAnotherHostsAddressIsRefused() {
        assertRefused(claim("m", sel("198.18.0.1", "198.18.0.2")),
                "peer 198.18.0.3 (authenticated for rule 'lab' and rule 'tun-m') asked for 198.18.0.1, which is not its own address");
    }

    @Test
    void transportModeClaimOfASubnetIsRefused() {
        assertRefused(claim("m", sel("198.18.0.0/24", "198.18.0.2")), "asked for 198.18.0.0/24, which is not its own address");
    }

    @Test
    void transportModeForItsOwnAddressIsInstalledUnderItsOwnRule() {
        assertEquals(List.of(), claim("m", sel("198.18.0.3", "198.18.0.2")));
        List<IkeEvent.QuickModeEstablished> q = mb.b.events(IkeEvent.QuickModeEstablished.class);
        assertEquals(1, q.size());
        assertEquals("lab", q.get(0).pair().ruleName());
        assertEquals(sel("198.18.0.2", "198.18.0.3"), q.get(0).pair().outbound().outermost().selector());
    }

    @Test
    void tunnelModeNarrowingIsAllowedAndWideningIsRefused() {
        Selector narrower = new Selector(Subnet.parse("198.19.3.128/25"), Subnet.parse("198.19.2.0/24"), 17, PortRange.ANY, PortRange.ANY);
        assertEquals(List.of(), claim("mt", narrower));
        assertEquals("tun-m", mb.b.events(IkeEvent.QuickModeEstablished.class).get(0).pair().ruleName());
        Selector wider = new Selector(Subnet.parse("198.19.0.0/16"), Subnet.parse("198.19.2.0/24"), 17, PortRange.ANY, PortRange.ANY);
        List<String> reasons = claim("mt", wider);
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).contains("which no rule it is authenticated for allows"), reasons.get(0));
        assertEquals(1, mb.b.count(IkeCounter.SELECTORS_REFUSED));
        assertEquals(1, mb.b.engine.ipsecSas().withPeer(M).size(), "only the narrower pair");
    }

    @Test
    void tunnelModeClaimOfAnotherRulesNetworkIsRefused() {
        assertRefused(claim("mt", sel("198.19.1.0/24", "198.19.2.0/24")), "(authenticated for rule 'lab' and rule 'tun-m')",
                "which no rule it is authenticated for allows");
    }

    @Test
    void aProtocolTheRuleDoesNotCoverIsRefused() {
        Selector tcp = new Selector(Subnet.parse("198.19.3.0/24"), Subnet.parse("198.19.2.0/24"), 6, PortRange.ANY, PortRange.single(22));
        assertRefused(claim("mt", tcp), "which no rule it is authenticated for allows");
    }

    /** A, with K1, gets to-a: the binding lets the rightful peer through. */
    @Test
    void theRightfulPeerGetsItsRule() {
        EnginePair ab = new EnginePair(Peers.engine(A_POLICY, 1), A, Peers.engine(B_POLICY, 2), B, 500);
        ab.acquire(ab.a, new AcquireRequest("to-b", sel("198.18.0.1", "198.18.0.2"), A, B));
        assertEquals(9, ab.deliverAll());
        assertEquals("to-a", ab.b.events(IkeEvent.QuickModeEstablished.class).get(0).pair().ruleName());
        assertEquals(0, ab.b.count(IkeCounter.SELECTORS_REFUSED));
    }

    /**
     * As initiator, B keys a Quick Mode only on an ISAKMP SA whose authentication its rule accepts:
     * M's SA (K2) may key lab's traffic to M, but never tun-a's, whose endpoint is A anyway; and A's
     * SA (K1) never keys a rule with K2. Here: B holds A's K1 SA and acquires for lab towards A.
     */
    @Test
    void anInitiatorDoesNotReuseAnIsakmpSaAuthenticatedForAnotherRule() {
        EnginePair ab = new EnginePair(Peers.engine(A_POLICY, 1), A, Peers.engine(B_POLICY, 2), B, 500);
        ab.acquire(ab.a, new AcquireRequest("to-b", sel("198.18.0.1", "198.18.0.2"), A, B));
        assertEquals(9, ab.deliverAll());
        var step = ab.acquire(ab.b, new AcquireRequest("lab", sel("198.18.0.2", "198.18.0.1"), B, A));
        assertEquals(1, step.send().size());
        var header = org.ikd.core.isakmp.IsakmpHeader.decode(java.nio.ByteBuffer.wrap(step.send().get(0).message().toArray()));
        assertEquals(ExchangeType.MAIN_MODE, header.exchangeType(), "a new Main Mode with lab's key, not a Quick Mode on A's K1 SA");
        var again = ab.acquire(ab.b, new AcquireRequest("to-a", sel("198.18.0.2", "198.18.0.1"), B, A));
        var h2 = org.ikd.core.isakmp.IsakmpHeader.decode(java.nio.ByteBuffer.wrap(again.send().get(0).message().toArray()));
        assertEquals(ExchangeType.QUICK_MODE, h2.exchangeType(), "to-a's key is the one A proved: its SA keys to-a");
    }
}
