package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.payload.DeletePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.junit.jupiter.api.Test;

/**
 * ESP on an SPI the data plane does not know (issue 15): B lost SAs that A still sends on. With an
 * ISAKMP SA left, B tells A over it (RFC 2408 §3.14.1 INVALID-SPI, §3.15 Delete); after a restart, B
 * starts a Main Mode with INITIAL-CONTACT (RFC 2407 §4.6.3.3) under the rule that covers A. Either
 * way A drops the stale pair, and its next packet negotiates a new one.
 */
class UnknownSpiTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    /** A and B with one transport pair, A the initiator. */
    private static EnginePair established(Peers.Side a, Peers.Side b) {
        EnginePair p = Peers.pair(a, b, Peers.config());
        p.acquire(p.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        p.deliverAll();
        assertEquals(1, p.a.engine.ipsecSas().withPeer(Peers.B).size());
        return p;
    }

    /** The SPI A sends ESP to B on: B's inbound SPI of the pair. */
    private static int spiAUsesTowardsB(EnginePair p) {
        return p.a.engine.ipsecSas().withPeer(Peers.B).get(0).pair().outbound().sas().get(0).spi().value();
    }

    /** B deletes the pair (its lifetime ended, say) and its Delete is lost: A still sends on it; returns that SPI. */
    private static int bLosesThePair(EnginePair p) {
        int spi = spiAUsesTowardsB(p);
        p.apply(p.b, p.b.engine.deleteIpsecSa(p.b.engine.ipsecSas().withPeer(Peers.A).get(0).pair().id(), "test", p.now));
        p.network.clear();
        return spi;
    }

    /** B's data plane dropped ESP from A on {@code spi}. */
    private static Step unknownSpiAtB(EnginePair p, int spi) {
        return p.apply(p.b, p.b.engine.unknownSpi(Peers.A, Peers.B, spi, p.now));
    }

    @Test
    void withAnIsakmpSaTheResponderSendsAProtectedInvalidSpiNamingTheSpiAndADelete() {
        EnginePair p = established(SIDE, SIDE);
        int spi = bLosesThePair(p);
        Step step = unknownSpiAtB(p, spi);
        assertEquals(2, step.send().size(), step.toString());
        Bytes spiBytes = Bytes.of(ByteBuffer.allocate(4).putInt(spi).array());
        // HDR*, HASH(1), N(INVALID-SPI) -->      RFC 2409 §5.7; RFC 2408 §3.14.1 type 11, RFC 2407 §4.6.3 protocol ESP
        IsakmpMessage notify = openAtA(p, step.send().get(0));
        assertEquals(5, notify.header().exchangeType().value(), "Informational (RFC 2408 §3.1)");
        assertEquals(1, step.send().get(0).message().toArray()[19] & 0x01, "E flag (RFC 2408 §3.1)");
        NotificationPayload n = notify.all(NotificationPayload.class).get(0);
        assertEquals(11, n.notifyType().value());
        assertEquals(ProtocolId.ESP, n.protocolId());
        assertEquals(spiBytes, n.spi());
        // HDR*, HASH(1), D(ESP, SPI) -->         RFC 2408 §3.15: what strongSwan acts on
        DeletePayload d = openAtA(p, step.send().get(1)).all(DeletePayload.class).get(0);
        assertEquals(ProtocolId.ESP, d.protocolId());
        assertEquals(List.of(spiBytes), d.spis());

        p.deliverAll();
        assertTrue(p.a.events(IkeEvent.NegotiationFailed.class).isEmpty(), "INVALID-SPI is no Quick Mode refusal here");
        assertTrue(p.a.engine.ipsecSas().withPeer(Peers.B).isEmpty(), "A drops the pair B no longer receives on");
        assertTrue(p.a.events(IkeEvent.SaDeleted.class).stream().anyMatch(e -> e.by() == IkeEvent.DeletedBy.PEER));
        assertEquals(1, p.a.engine.isakmpSas().size(), "the ISAKMP SA stays: it keys the next Quick Mode");
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        p.deliverAll();
        assertEquals(2, p.a.events(IkeEvent.QuickModeEstablished.class).size(), "A's next packet renegotiates");
    }

    @Test
    void afterARestartTheResponderStartsMainModeWithInitialContactAndAQuickModeAndAForgetsItsStaleSas() {
        EnginePair first = established(SIDE, SIDE);
        int spi = spiAUsesTowardsB(first);
        IkeEngine restartedB = Peers.engine(SIDE, Peers.B, Peers.A, Peers.config(), 9);
        EnginePair p = new EnginePair(first.a.engine, Peers.A, restartedB, Peers.B, 500);
        Step step = p.apply(p.b, restartedB.unknownSpi(Peers.A, Peers.B, spi, p.now));
        assertEquals(1, step.send().size(), "Main Mode message 1");
        assertEquals(2, step.send().get(0).message().toArray()[18] & 0xff, "Identity Protection, i.e. Main Mode (RFC 2408 §4.5)");
        p.deliverAll();
        IsakmpSa fresh = restartedB.isakmpSas().get(0);
        assertEquals(IsakmpSa.Role.INITIATOR, fresh.role());
        assertEquals(IsakmpSa.State.ESTABLISHED, fresh.state());
        // A forgets the SAs of the B that was (RFC 2407 §4.6.3.3): only the new ISAKMP SA is left
        assertEquals(1, p.a.engine.isakmpSas().size());
        assertTrue(p.a.events(IkeEvent.SaDeleted.class).stream().anyMatch(e -> e.why().contains("INITIAL-CONTACT")),
                p.a.events.toString());
        // B's Quick Mode for the rule follows (charon with libipsec would never start one by itself)
        assertEquals(1, p.a.events(IkeEvent.QuickModeEstablished.class).size());
        assertEquals(1, p.a.engine.ipsecSas().withPeer(Peers.B).size(), "the new pair only");
        assertTrue(p.a.engine.ipsecSas().withPeer(Peers.B).get(0).pair().outbound().sas().get(0).spi().value() != spi);
        assertEquals(1, restartedB.ipsecSas().withPeer(Peers.A).size());
    }

    @Test
    void onePeerGetsOneActionPerFiveSeconds() {
        EnginePair p = established(SIDE, SIDE);
        int spi = bLosesThePair(p);
        assertEquals(2, unknownSpiAtB(p, spi).send().size());
        p.network.clear();
        p.now = p.now.plus(Duration.ofMillis(4900));
        assertTrue(unknownSpiAtB(p, spi).send().isEmpty(), "a stream of bad-SPI packets asks once");
        p.now = p.now.plus(Duration.ofMillis(100));
        assertEquals(2, unknownSpiAtB(p, spi).send().size(), "5 s later it asks again");
    }

    @Test
    void atMostTenMainModesASecondInAll() {
        Peers.Side anyoneNearby = SIDE.withPeersIn("198.18.1.0/24");
        IkeEngine b = Peers.engine(anyoneNearby, Peers.B, Peers.A, Peers.config(), 3);
        int started = 0;
        for (int i = 1; i <= 12; i++) {
            Step s = b.unknownSpi(Peers.address("198.18.1." + i), Peers.B, 0x1000 + i, EnginePair.T0);
            started += s.send().size();
        }
        assertEquals(10, started);
        Step later = b.unknownSpi(Peers.address("198.18.1.12"), Peers.B, 0x100c, EnginePair.T0.plusSeconds(1));
        assertEquals(1, later.send().size(), "the next second has room again");
    }

    @Test
    void anSpiIkeHandedOutIsNotStaleButNotInstalledYet() {
        // RFC 2409 §5.5: the Quick Mode initiator may send before the responder installs on HASH(3)
        EnginePair p = established(SIDE, SIDE);
        Step step = unknownSpiAtB(p, spiAUsesTowardsB(p));
        assertTrue(step.send().isEmpty() && step.events().isEmpty(), step.toString());
    }

    @Test
    void aPeerNoRuleCoversGetsNothing() {
        EnginePair p = established(SIDE, SIDE);
        InetAddress stranger = Peers.address("198.18.7.7");
        Step step = p.b.engine.unknownSpi(stranger, Peers.B, 0x12345678, p.now);
        assertTrue(step.send().isEmpty() && step.events().isEmpty() && step.timers().isEmpty(), step.toString());
        assertEquals(1, p.b.engine.isakmpSas().size());
    }

    @Test
    void tunnelModeActsOnlyOnEspFromTheRulesTunnelEndpoint() {
        Peers.Side tunnelB = SIDE.withTunnel("198.19.2.0/24", "198.19.1.0/24", false);
        IkeEngine b = Peers.engine(tunnelB, Peers.B, Peers.A, Peers.config(), 4);
        assertTrue(b.unknownSpi(Peers.address("198.18.0.9"), Peers.B, 0x2222, EnginePair.T0).send().isEmpty(),
                "inside the rule's subnets, but not its tunnel endpoint");
        assertTrue(b.unknownSpi(Peers.address("198.19.1.5"), Peers.B, 0x2222, EnginePair.T0).send().isEmpty(),
                "an inner address of the remote side is no tunnel endpoint");
        Step fromEndpoint = b.unknownSpi(Peers.A, Peers.B, 0x2222, EnginePair.T0);
        assertEquals(1, fromEndpoint.send().size(), "Main Mode message 1 to the endpoint");
        assertEquals(Peers.A, fromEndpoint.send().get(0).remote().getAddress());
        assertFalse(b.isakmpSas().isEmpty());
    }

    /** Decrypts what B sent with A's keys, leaving A's IV chain as it was (RFC 2409 Appendix B). */
    private static IsakmpMessage openAtA(EnginePair p, OutboundDatagram d) {
        IsakmpSa atA = p.a.engine.isakmpSas().get(0);
        return atA.protection().open(d.message()).message();
    }
}
