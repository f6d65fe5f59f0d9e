package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Selector;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ikd against captures of two strongSwan 5.9.8 charons (vectors/strongswan): in either role, fed the
 * other charon's messages and drawing the random values the charon in its role drew, ikd must send
 * exactly the bytes that charon sent (encrypted messages included: same keys, IVs, padding, payload
 * order) and derive the KEYMAT charon logged. Expected values all come from the capture.
 */
class StrongSwanReplayTest {
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static IkeEngine engine(CharonCapture c, boolean initiator, CharonCapture.Scripted entropy) {
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        Policy policy = c.policy(initiator);
        Ikev1Exchanges exchanges = new Ikev1Exchanges(() -> policy, new RulePreSharedKeys(() -> policy), entropy, c.dh(initiator),
                registry, ExchangeOptions.DEFAULT);
        return new IkeEngine(IkeConfig.DEFAULT, exchanges, entropy, new IkeStatistics(), registry);
    }

    /** Feeds {@code m} to {@code engine} as it arrived at {@code to} from {@code from}; collects what it sends. */
    static Step feed(IkeEngine engine, CharonCapture.Message m, InetSocketAddress to, InetSocketAddress from, List<Bytes> sent) {
        Step s = engine.receive(new InboundDatagram(new InetSocketAddress(to.getAddress(), m.port()),
                new InetSocketAddress(from.getAddress(), m.port()), m.port() == 4500, m.bytes()), NOW);
        assertTrue(s.events().stream().noneMatch(e -> e instanceof IkeEvent.PacketDropped || e instanceof IkeEvent.NegotiationFailed),
                "refused: " + s.events());
        s.send().stream().map(OutboundDatagram::message).forEach(sent::add);
        return s;
    }

    static IpsecSaPair established(List<IkeEvent> events) {
        return events.stream().filter(e -> e instanceof IkeEvent.QuickModeEstablished)
                .map(e -> ((IkeEvent.QuickModeEstablished) e).pair()).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mm-3des-sha1-modp1024", "mm-aes128-sha256-modp2048", "mm-aes256-sha384-ecp384"})
    void answersTheInitiatorCharonAsTheResponderCharonDid(String name) throws Exception {
        CharonCapture c = new CharonCapture(name);
        CharonCapture.Scripted entropy = new CharonCapture.Scripted()
                .then(c.v.bytes("cky_r")).then(c.v.bytes("nr_b")).then(c.v.bytes("qm_nr_b"))
                .then(CharonCapture.low32(c.v.bytes("esp_spi_r")));
        IkeEngine responder = engine(c, false, entropy);
        List<Bytes> sent = new ArrayList<>();
        List<IkeEvent> events = new ArrayList<>();
        for (CharonCapture.Message m : c.messages())
            if (m.fromInitiator()) events.addAll(feed(responder, m, CharonCapture.R, CharonCapture.I, sent).events());
        // <-- HDR*, IDir, HASH_R     <-- HDR*, HASH(2), SA, Nr [, KE], IDci, IDcr
        assertEquals(c.v.bytes("mm6"), sent.get(2));
        assertEquals(c.v.bytes("qm2"), sent.get(3));
        IpsecSaPair pair = established(events);
        assertEquals(c.v.bytes("esp_spi_r"), Phase2Material.bytes(pair.inbound().outermost().spi()));
        assertEquals(c.v.bytes("esp_spi_i"), Phase2Material.bytes(pair.outbound().outermost().spi()));
        c.keysMatch(pair.inbound().outermost(), "i_to_r");
        c.keysMatch(pair.outbound().outermost(), "r_to_i");
        assertEquals(Mode.TUNNEL, pair.outbound().outermost().mode());
        assertEquals(4500, pair.outbound().outermost().natTraversal().remotePort(), "mode 3: ESP in UDP 4500");
        // then the initiator's Deletes: D(ESP), D(ISAKMP)
        List<IkeEvent.SaDeleted> deleted = events.stream().filter(e -> e instanceof IkeEvent.SaDeleted).map(e -> (IkeEvent.SaDeleted) e).toList();
        assertEquals(2, deleted.size(), events.toString());
        assertTrue(deleted.get(0).which() instanceof IkeEvent.IpsecSaRef);
        assertTrue(deleted.get(1).which() instanceof IkeEvent.IsakmpSaRef);
        assertTrue(responder.isakmpSas().isEmpty());
        assertEquals(0, responder.ipsecSas().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mm-3des-sha1-modp1024", "mm-aes128-sha256-modp2048", "mm-aes256-sha384-ecp384"})
    void talksToTheResponderCharonAsTheInitiatorCharonDid(String name) throws Exception {
        CharonCapture c = new CharonCapture(name);
        CharonCapture.Scripted entropy = new CharonCapture.Scripted()
                .then(c.v.bytes("cky_i")).then(c.v.bytes("ni_b")).then(CharonCapture.low32(c.v.bytes("qm_msgid")))
                .then(CharonCapture.low32(c.v.bytes("esp_spi_i"))).then(c.v.bytes("qm_ni_b"));
        IkeEngine initiator = engine(c, true, entropy);
        Step first = initiator.acquire(new AcquireRequest("vector", Selector.between(CharonCapture.INNER_I, CharonCapture.INNER_R),
                CharonCapture.I.getAddress(), CharonCapture.R.getAddress()), NOW);
        List<Bytes> sent = new ArrayList<>(first.send().stream().map(OutboundDatagram::message).toList());
        List<IkeEvent> events = new ArrayList<>();
        for (CharonCapture.Message m : c.messages())
            if (!m.fromInitiator()) events.addAll(feed(initiator, m, CharonCapture.I, CharonCapture.R, sent).events());
        // HDR*, IDii, HASH_I, N(INITIAL-CONTACT) -->   HDR*, HASH(1), SA, Ni [, KE], IDci, IDcr -->   HDR*, HASH(3) -->
        assertEquals(c.v.bytes("mm5"), sent.get(2));
        assertEquals(c.v.bytes("qm1"), sent.get(3));
        assertEquals(c.v.bytes("qm3"), sent.get(4));
        IpsecSaPair pair = established(events);
        c.keysMatch(pair.inbound().outermost(), "r_to_i");
        c.keysMatch(pair.outbound().outermost(), "i_to_r");
        // HDR*, HASH(1), D(ESP) -->   HDR*, HASH(1), D(ISAKMP) -->   as charon sent them at teardown
        entropy.then(CharonCapture.low32(c.v.bytes("info1").slice(20, 24)));
        assertEquals(c.v.bytes("info1"), initiator.deleteIpsecSa(pair.id(), "terminate", NOW).send().get(0).message());
        entropy.then(CharonCapture.low32(c.v.bytes("info2").slice(20, 24)));
        assertEquals(c.v.bytes("info2"), initiator.delete(initiator.isakmpSas().get(0).cookies(), "terminate", NOW).send().get(0).message());
    }
}
