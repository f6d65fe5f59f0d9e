package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.Identity;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.NegotiationOptions;
import org.ikd.core.policy.NegotiationOptions.NatTraversal;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/**
 * Aggressive Mode (RFC 2409 §5.4) between two engines, both roles, and its refusals: a responder rule
 * without {@code aggressive}, a wrong key, an unknown KEY_ID group name (RFC 2407 §4.6.2.1).
 * <pre>
 *   HDR, SA, KE, Ni, IDii -->
 *                  &lt;-- HDR, SA, KE, Nr, IDir, HASH_R
 *   HDR*, HASH_I -->
 *   then Quick Mode, as after Main Mode
 * </pre>
 */
class AggressiveModeInMemoryTest {
    private static final InetAddress A = Peers.A;
    private static final InetAddress B = Peers.B;
    private static final Identity GROUP = new Identity(Identity.Type.KEY_ID, hex("vpngroup"));

    /** Every message that went in the clear (RFC 2408 §3.1 flag E clear), in order. */
    private final List<IsakmpMessage> clear = new ArrayList<>();

    private static String hex(String ascii) {
        return HexFormat.of().formatHex(ascii.getBytes(StandardCharsets.US_ASCII));
    }

    private static NegotiationOptions aggressive(Identity local, Identity peer) {
        return new NegotiationOptions(NegotiationOptions.DEFAULT_REPLAY_WINDOW, NatTraversal.AUTO, true, local, peer);
    }

    private static Rule rule(String name, InetAddress me, InetAddress peer, String key, NegotiationOptions options) {
        Selector s = new Selector(Subnet.host(me), Subnet.host(peer), 0, PortRange.ANY, PortRange.ANY);
        return new Rule(name, new FilterList(name, List.of(new Filter(s, true))),
                new FilterAction.Negotiate(name, List.of(Peers.ESP_AES128_SHA1), false, null, false, false),
                List.of(new AuthenticationMethod.PreSharedKey(Secret.of(key.getBytes(StandardCharsets.US_ASCII)), name)), null, null, false, options);
    }

    private static Policy policy(Rule... rules) {
        return new Policy("p", new MainModeSettings(List.of(Peers.AES128_SHA256_MODP2048, Peers.TDES_SHA1_MODP1024), 28800, false, 0),
                List.of(rules));
    }

    private EnginePair pair(Policy a, Policy b) {
        EnginePair p = new EnginePair(Peers.engine(a, 1), A, Peers.engine(b, 2), B, 500);
        p.path = d -> {
            if ((d.message().getUnsigned(19) & 1) == 0) clear.add(IsakmpMessage.decode(ByteBuffer.wrap(d.message().toArray())));
            return d;
        };
        return p;
    }

    private static void negotiate(EnginePair p, String rule) {
        p.acquire(p.a, new AcquireRequest(rule, Selector.between(Subnet.host(A), Subnet.host(B)), A, B));
        p.deliverAll();
    }

    private static IkeEvent.PhaseOneEstablished phaseOne(EnginePair.Side side) {
        List<IkeEvent.PhaseOneEstablished> e = side.events(IkeEvent.PhaseOneEstablished.class);
        assertEquals(1, e.size(), side + ": " + side.events);
        return e.get(0);
    }

    @Test
    void establishesAggressiveModeThenQuickModeWithAddressIds() {
        EnginePair p = pair(policy(rule("r", A, B, "ikd test key", aggressive(null, null))),
                policy(rule("r", B, A, "ikd test key", aggressive(null, null))));
        negotiate(p, "r");
        // HDR, SA, KE, Ni, IDii -->: one DH group (MODP 2048, the first method's), so only the first method is offered
        IsakmpMessage first = clear.get(0);
        assertEquals(ExchangeType.AGGRESSIVE, first.header().exchangeType());
        assertEquals(1, first.all(SecurityAssociationPayload.class).get(0).proposals().get(0).transforms().size());
        assertEquals(256, first.all(KeyExchangePayload.class).get(0).keyData().length(), "RFC 3526 §3: MODP 2048 public value");
        assertEquals(1, first.all(NoncePayload.class).size());
        assertEquals(IdentificationPayload.of(IdType.IPV4_ADDR, Bytes.of(A.getAddress())),
                first.all(IdentificationPayload.class).get(0));
        // <-- HDR, SA, KE, Nr, IDir, HASH_R in the clear; HDR*, HASH_I --> encrypted: no third clear AM message
        IsakmpMessage second = clear.get(1);
        assertEquals(ExchangeType.AGGRESSIVE, second.header().exchangeType());
        assertEquals(1, second.all(HashPayload.class).size());
        assertEquals(2, clear.stream().filter(m -> m.header().exchangeType().equals(ExchangeType.AGGRESSIVE)).count());
        assertEquals("198.18.0.2", phaseOne(p.a).peerId());
        assertEquals("198.18.0.1", phaseOne(p.b).peerId());
        assertEquals(1, p.a.events(IkeEvent.QuickModeEstablished.class).size(), p.a.events.toString());
        assertEquals(1, p.b.events(IkeEvent.QuickModeEstablished.class).size(), p.b.events.toString());
    }

    @Test
    void responderPicksTheKeyByTheKeyIdGroupName() {
        Rule other = rule("other", B, A, "another group's key", aggressive(null, new Identity(Identity.Type.KEY_ID, hex("othergroup"))));
        Rule group = rule("group", B, A, "the vpngroup key", aggressive(null, GROUP));
        EnginePair p = pair(policy(rule("r", A, B, "the vpngroup key", aggressive(GROUP, null))), policy(other, group));
        negotiate(p, "r");
        assertEquals("key_id " + hex("vpngroup"), phaseOne(p.b).peerId());
        assertEquals("group", p.b.events(IkeEvent.QuickModeEstablished.class).get(0).pair().ruleName(),
                "phase 2 binds to the rule whose key the peer proved");
    }

    @Test
    void refusesAggressiveModeWithInvalidExchangeTypeWhenTheRuleDoesNotOptIn() {
        EnginePair p = pair(policy(rule("r", A, B, "ikd test key", aggressive(null, null))),
                policy(rule("r", B, A, "ikd test key", NegotiationOptions.DEFAULT)));
        negotiate(p, "r");
        assertInvalidExchangeType(p);
    }

    @Test
    void refusesAnUnknownKeyIdGroupName() {
        EnginePair p = pair(policy(rule("r", A, B, "ikd test key", aggressive(new Identity(Identity.Type.KEY_ID, hex("nosuchgroup")), null))),
                policy(rule("group", B, A, "ikd test key", aggressive(null, GROUP))));
        negotiate(p, "r");
        assertInvalidExchangeType(p);
    }

    @Test
    void initiatorRefusesHashRUnderAnotherKey() {
        EnginePair p = pair(policy(rule("r", A, B, "ikd test key", aggressive(null, null))),
                policy(rule("r", B, A, "not the same key", aggressive(null, null))));
        negotiate(p, "r");
        assertTrue(p.a.events(IkeEvent.PhaseOneEstablished.class).isEmpty());
        assertTrue(p.b.events(IkeEvent.PhaseOneEstablished.class).isEmpty());
        assertTrue(p.a.events(IkeEvent.NegotiationFailed.class).stream().anyMatch(f -> f.reason().contains("HASH_R")),
                p.a.events.toString());
    }

    @Test
    void responderRefusesHashIThatDoesNotMatchItsKey() {
        // an initiator that ignores HASH_R (one that does not hold the key) sends HDR, HASH_I in the clear
        EnginePair p = pair(policy(rule("r", A, B, "ikd test key", aggressive(null, null))),
                policy(rule("r", B, A, "ikd test key", aggressive(null, null))));
        p.acquire(p.a, new AcquireRequest("r", Selector.between(Subnet.host(A), Subnet.host(B)), A, B));
        p.deliverNext();                                                   // HDR, SA, KE, Ni, IDii -->
        OutboundDatagram second = p.drop();                                // <-- HDR, SA, KE, Nr, IDir, HASH_R (never reaches A)
        IsakmpHeader h = IsakmpMessage.decode(ByteBuffer.wrap(second.message().toArray())).header();
        Bytes forged = new IsakmpMessage(IsakmpHeader.of(h.initiatorCookie(), h.responderCookie(), ExchangeType.AGGRESSIVE, 0, 0),
                List.of(new HashPayload(Bytes.of(new byte[32])))).encode();
        p.deliver(OutboundDatagram.isakmp(second.remote(), second.local(), false, forged));
        assertTrue(p.b.events(IkeEvent.PhaseOneEstablished.class).isEmpty(), p.b.events.toString());
        assertTrue(p.b.events(IkeEvent.NegotiationFailed.class).stream().anyMatch(f -> f.reason().contains("HASH_I does not match")),
                p.b.events.toString());
        assertEquals(1, p.b.count(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(p.b.engine.isakmpSas().isEmpty(), "the half-open SA is gone");
    }

    /** B answered message 1 with N(INVALID-EXCHANGE-TYPE) in the clear (RFC 2408 §5.2), counted; no SA on either side. */
    private void assertInvalidExchangeType(EnginePair p) {
        assertTrue(clear.stream().anyMatch(m -> m.all(NotificationPayload.class).stream()
                .anyMatch(n -> n.notifyType().equals(NotifyType.INVALID_EXCHANGE_TYPE))), clear.toString());
        assertEquals(1, p.b.count(IkeCounter.UNSUPPORTED_EXCHANGES));
        assertFalse(p.b.events.stream().anyMatch(e -> e instanceof IkeEvent.PhaseOneEstablished));
        assertTrue(p.a.events(IkeEvent.PhaseOneEstablished.class).isEmpty());
    }
}
