package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.TimerKey;
import org.ikd.core.ike.TimerRequest;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.junit.jupiter.api.Test;

/**
 * How ikd, as Main Mode initiator, takes strongSwan's answer to a message 5 it cannot decrypt
 * (seen in the interop lab, docs/interop.md): charon 5.9.8 logs "invalid ID_V1 payload length,
 * decryption failed?" and sends HDR*, HASH, N(PAYLOAD-MALFORMED) protected under its own keys. The
 * charon messages are from the capture vectors/strongswan/mm-3des-sha1-modp1024 (an encrypted
 * INFORMATIONAL of that ISAKMP SA, under charon's keys).
 */
class StrongSwanRefusalTest {
    static final Instant NOW = StrongSwanReplayTest.NOW;

    /** ikd in the capture's initiator role, with the capture's random values and {@code psk}. */
    static IkeEngine initiator(CharonCapture c, Secret psk, IkeStatistics stats) {
        CharonCapture.Scripted entropy = new CharonCapture.Scripted().then(c.v.bytes("cky_i")).then(c.v.bytes("ni_b"))
                .then(CharonCapture.low32(c.v.bytes("qm_msgid"))).then(CharonCapture.low32(c.v.bytes("esp_spi_i")))
                .then(c.v.bytes("qm_ni_b"));
        Policy captured = c.policy(true);
        Rule r = captured.rules().get(0);
        Rule withKey = new Rule(r.name(), r.filterList(), r.action(), List.of(new AuthenticationMethod.PreSharedKey(psk, "test")),
                r.tunnelEndpoint(), r.localTunnelEndpoint(), r.dynamic());
        Policy policy = new Policy(captured.name(), captured.mainMode(), List.of(withKey));
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        Ikev1Exchanges exchanges = new Ikev1Exchanges(() -> policy, new RulePreSharedKeys(() -> policy), entropy, c.dh(true),
                registry, ExchangeOptions.DEFAULT);
        return new IkeEngine(IkeConfig.DEFAULT, exchanges, entropy, stats, registry);
    }

    static Step deliver(IkeEngine engine, int port, Bytes message) {
        return engine.receive(new InboundDatagram(new InetSocketAddress(CharonCapture.I.getAddress(), port),
                new InetSocketAddress(CharonCapture.R.getAddress(), port), port == 4500, message), NOW);
    }

    /** Runs Main Mode up to message 5 sent: charon's MM2 and MM4 from the capture. */
    static void upToMessageFive(IkeEngine engine, CharonCapture c) throws Exception {
        engine.acquire(new AcquireRequest("vector", Selector.between(CharonCapture.INNER_I, CharonCapture.INNER_R),
                CharonCapture.I.getAddress(), CharonCapture.R.getAddress()), NOW);
        List<CharonCapture.Message> fromCharon = c.messages().stream().filter(m -> !m.fromInitiator()).toList();
        deliver(engine, 500, fromCharon.get(0).bytes());                                   // <-- HDR, SA
        Step mm5 = deliver(engine, 500, fromCharon.get(1).bytes());                        // <-- HDR, KE, Nr, NAT-D
        assertEquals(1, mm5.send().size(), "HDR*, IDii, HASH_I --> : " + mm5);
    }

    @Test
    void aProtectedInformationalThatDoesNotOpenDuringMainModeIsAnAuthenticationFailure() throws Exception {
        CharonCapture c = new CharonCapture("mm-3des-sha1-modp1024");
        IkeStatistics stats = new IkeStatistics();
        IkeEngine ikd = initiator(c, Secret.of("not charon's key".getBytes(StandardCharsets.US_ASCII)), stats);
        // HDR, SA -->  <-- HDR, SA   HDR, KE, Ni, NAT-D -->  <-- HDR, KE, Nr, NAT-D
        // HDR*, IDii, HASH_I -->       (SKEYID from our key, not charon's)
        upToMessageFive(ikd, c);
        long serial = ikd.isakmpSas().get(0).serial();
        // <-- HDR*, HASH, N(PAYLOAD-MALFORMED)   under charon's keys: cannot open under ours
        Step refused = deliver(ikd, 4500, c.v.bytes("info1"));
        List<IkeEvent.NegotiationFailed> failed = refused.events().stream().filter(e -> e instanceof IkeEvent.NegotiationFailed)
                .map(e -> (IkeEvent.NegotiationFailed) e).toList();
        assertEquals(1, failed.size(), refused.events().toString());
        assertEquals(IkeEvent.Phase.MAIN_MODE, failed.get(0).phase());
        assertEquals(IkeEvent.FailurePoint.PEER, failed.get(0).point());
        assertTrue(failed.get(0).reason().startsWith("authentication failed: 198.18.0.2 answered Main Mode message 5"),
                failed.get(0).reason());
        assertEquals(1, stats.get(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(ikd.isakmpSas().isEmpty(), "the half-open ISAKMP SA is gone: " + ikd.isakmpSas());
        assertTrue(refused.timers().stream().anyMatch(t -> t.isCancel() && t.key().kind() == TimerKey.Kind.RETRANSMIT
                && t.key().sa() == serial), "message 5 is no longer retransmitted: " + refused.timers());
        assertTrue(refused.send().isEmpty(), "nothing to say to a peer with another key");
    }

    @Test
    void aDamagedInformationalOnAnEstablishedSaIsDroppedAndTheSaStays() throws Exception {
        CharonCapture c = new CharonCapture("mm-3des-sha1-modp1024");
        IkeStatistics stats = new IkeStatistics();
        IkeEngine ikd = initiator(c, c.v.secret("psk"), stats);
        upToMessageFive(ikd, c);
        List<CharonCapture.Message> fromCharon = c.messages().stream().filter(m -> !m.fromInitiator()).toList();
        // <-- HDR*, IDir, HASH_R   (established)
        Step mm6 = deliver(ikd, 4500, fromCharon.get(2).bytes());
        assertTrue(mm6.events().stream().anyMatch(e -> e instanceof IkeEvent.PhaseOneEstablished), mm6.events().toString());
        // <-- HDR*, HASH, D   with a bit of its first cipher block flipped (the block after the 28-byte header)
        byte[] damaged = c.v.bytes("info1").toArray();
        damaged[28 + 5] ^= 0x01;
        Step dropped = deliver(ikd, 4500, Bytes.of(damaged));
        assertEquals(1, dropped.events().size(), dropped.events().toString());
        assertTrue(dropped.events().get(0) instanceof IkeEvent.PacketDropped, dropped.events().toString());
        assertEquals(1, ikd.isakmpSas().size());
        assertEquals(0, stats.get(IkeCounter.AUTHENTICATION_FAILURES));
        assertEquals(1, stats.get(IkeCounter.INVALID_PACKETS_RECEIVED));
    }

    /** What charon 5.9.8 sends under the SA's keys (seen in the lab): HDR*, HASH(1), N(type) with {@code spi}. */
    static Bytes protectedNotify(IkeEngine engine, ProtocolId protocol, NotifyType type, Bytes spi, int messageId) {
        IsakmpSa sa = engine.isakmpSas().get(0);
        return Ikev1Exchanges.informational(sa, messageId, List.of(new NotificationPayload(Doi.IPSEC, protocol, type, spi, Bytes.EMPTY)));
    }

    static List<IkeEvent.NegotiationFailed> failures(Step step) {
        return step.events().stream().filter(e -> e instanceof IkeEvent.NegotiationFailed).map(e -> (IkeEvent.NegotiationFailed) e).toList();
    }

    @Test
    void aProtectedAuthenticationFailedDuringMainModeEndsItAsAnAuthenticationFailure() throws Exception {
        CharonCapture c = new CharonCapture("mm-3des-sha1-modp1024");
        IkeStatistics stats = new IkeStatistics();
        IkeEngine ikd = initiator(c, c.v.secret("psk"), stats);
        // HDR, SA -->  <-- HDR, SA   HDR, KE, Ni, NAT-D -->  <-- HDR, KE, Nr, NAT-D   HDR*, IDii, HASH_I -->
        upToMessageFive(ikd, c);
        IsakmpSa sa = ikd.isakmpSas().get(0);
        Bytes cookies = Bytes.concat(sa.cookies().initiatorBytes(), sa.cookies().responderBytes());
        // <-- HDR*, HASH(1), N(AUTHENTICATION-FAILED)   (charon found no peer config for our ID; same keys)
        Step refused = deliver(ikd, 4500, protectedNotify(ikd, ProtocolId.ISAKMP, NotifyType.AUTHENTICATION_FAILED, cookies, 0x0badf00d));
        List<IkeEvent.NegotiationFailed> failed = failures(refused);
        assertEquals(1, failed.size(), refused.events().toString());
        assertEquals(IkeEvent.Phase.MAIN_MODE, failed.get(0).phase());
        assertEquals("peer refused Main Mode: AUTHENTICATION_FAILED (pre-shared key mismatch?)", failed.get(0).reason());
        assertEquals(1, stats.get(IkeCounter.AUTHENTICATION_FAILURES));
        assertTrue(ikd.isakmpSas().isEmpty());
        assertTrue(refused.timers().stream().anyMatch(t -> t.isCancel() && t.key().kind() == TimerKey.Kind.RETRANSMIT
                && t.key().sa() == sa.serial()), "message 5 is no longer retransmitted: " + refused.timers());
    }

    /** Main Mode with charon's messages, then our Quick Mode message 1 sent and awaiting its answer. */
    static IkeEngine quickModeSent(CharonCapture c, IkeStatistics stats) throws Exception {
        IkeEngine ikd = initiator(c, c.v.secret("psk"), stats);
        upToMessageFive(ikd, c);
        Step qm1 = deliver(ikd, 4500, c.messages().stream().filter(m -> !m.fromInitiator()).toList().get(2).bytes());
        assertEquals(1, qm1.send().size(), "<-- HDR*, IDir, HASH_R   HDR*, HASH(1), SA, Ni, IDci, IDcr --> : " + qm1);
        return ikd;
    }

    @Test
    void aNoProposalChosenWithoutAnSpiEndsTheOneQuickModeAwaitingAnAnswer() throws Exception {
        CharonCapture c = new CharonCapture("mm-3des-sha1-modp1024");
        IkeStatistics stats = new IkeStatistics();
        IkeEngine ikd = quickModeSent(c, stats);
        int qm = (int) Long.parseLong(c.v.bytes("qm_msgid").toHex(), 16);
        long serial = ikd.isakmpSas().get(0).serial();
        assertEquals(1, ikd.ipsecSas().spis().reservedCount(), "our offered inbound SPI");
        // <-- HDR*, HASH(1), N(NO-PROPOSAL-CHOSEN, ESP, SPI 00000000)   (charon: "no matching proposal found")
        Step refused = deliver(ikd, 4500, protectedNotify(ikd, ProtocolId.ESP, NotifyType.NO_PROPOSAL_CHOSEN,
                Bytes.fromHex("00000000"), 0x0badf00d));
        List<IkeEvent.NegotiationFailed> failed = failures(refused);
        assertEquals(1, failed.size(), refused.events().toString());
        assertEquals(IkeEvent.Phase.QUICK_MODE, failed.get(0).phase());
        assertEquals("peer reports NO_PROPOSAL_CHOSEN for SPI 00000000", failed.get(0).reason());
        assertTrue(refused.timers().contains(TimerRequest.cancel(new TimerKey(serial, TimerKey.Kind.RETRANSMIT, qm))),
                "Quick Mode message 1 is no longer retransmitted: " + refused.timers());
        assertEquals(0, ikd.ipsecSas().spis().reservedCount(), "the offered SPI is free again");
        assertEquals(1, ikd.isakmpSas().size(), "the ISAKMP SA stays");
        assertTrue(ikd.timerFired(new TimerKey(serial, TimerKey.Kind.RETRANSMIT, qm), NOW.plusSeconds(1)).isEmpty(),
                "a late retransmission timer neither resends nor fails a second time");
    }

    @Test
    void aRefusalNamingAnotherSpiLeavesTheQuickModeRunning() throws Exception {
        CharonCapture c = new CharonCapture("mm-3des-sha1-modp1024");
        IkeStatistics stats = new IkeStatistics();
        IkeEngine ikd = quickModeSent(c, stats);
        int qm = (int) Long.parseLong(c.v.bytes("qm_msgid").toHex(), 16);
        long serial = ikd.isakmpSas().get(0).serial();
        // <-- HDR*, HASH(1), N(INVALID-SPI, ESP, SPI 01020304)   (not one we offered)
        Step reported = deliver(ikd, 4500, protectedNotify(ikd, ProtocolId.ESP, NotifyType.INVALID_SPI,
                Bytes.fromHex("01020304"), 0x0badf00d));
        assertEquals(1, failures(reported).size(), reported.events().toString());
        assertTrue(reported.timers().stream().noneMatch(TimerRequest::isCancel), "nothing cancelled: " + reported.timers());
        assertEquals(1, ikd.ipsecSas().spis().reservedCount(), "our offered SPI stays reserved");
        assertEquals(1, ikd.timerFired(new TimerKey(serial, TimerKey.Kind.RETRANSMIT, qm), NOW.plusSeconds(1)).send().size(),
                "Quick Mode message 1 is still retransmitted");
    }
}
