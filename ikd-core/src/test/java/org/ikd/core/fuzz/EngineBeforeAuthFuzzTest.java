package org.ikd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.oakley.Phase1Hash;
import org.ikd.core.crypto.Prf;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.policy.MainModeMethod;

/**
 * Fuzz target 2 (issue 9): {@code IkeEngine.receive} before authentication. Each input builds two
 * fresh engines (A initiates, B responds), runs a real Main Mode up to the step the input names,
 * and hands the fuzzed message to the engine waiting for it:
 * <pre>
 *   byte 0: step   0 Main Mode 1 to B (a new peer)     1 Main Mode 3 to B (after a real 1, 2)
 *                  2 Main Mode 2 to A (after its 1)     3 Main Mode 4 to A (after a real 1, 2, 3)
 *                  4 Main Mode 5 to B: the rest is the plaintext payload chain (byte 2: first
 *                    payload type), encrypted with the SA's real key, HASH_I made correct on request
 *   byte 1: flags  bit 0 keep the fuzzed cookies, length and message ID (else they are set so the
 *                  message reaches the exchange); bit 1 A offers 3des-sha1-modp1024 (else aes128-sha256-ecp256);
 *                  bit 2 (step 4) compute HASH_I; bit 3 (step 4) pad with a pad-length byte
 *   the rest:      the datagram (steps 0-3)
 * </pre>
 * Checked after each: {@link EngineChecks}, and B (or A) still answers a new peer's Main Mode 1.
 */
class EngineBeforeAuthFuzzTest {
    private static final int STEPS = 5;
    private final FuzzPeers peers = new FuzzPeers();
    private Bytes probeFirstMessage;

    @FuzzTest
    void firstMainModeMessages(byte[] input) {
        Delivery d = feed(input);
        if (d != null) EngineChecks.answersNewPeer(d.engine(), d.local(), probeFirstMessage(), EnginePair.T0);
    }

    /** The engine that got the fuzzed message, its address and what it did. */
    record Delivery(IkeEngine engine, InetAddress local, Step step) {}

    /** Sets the scene for {@code input}, delivers its message and checks {@link EngineChecks} 1-3; null for a short input. */
    Delivery feed(byte[] input) {
        if (input.length < 3) return null;
        int step = (input[0] & 0xff) % STEPS;
        int flags = input[1] & 0xff;
        boolean keepHeader = (flags & 1) != 0;
        MainModeMethod offer = (flags & 2) != 0 ? FuzzPeers.TDES_SHA1_MODP1024 : FuzzPeers.AES128_SHA256_ECP256;
        byte[] rest = Arrays.copyOfRange(input, 2, input.length);
        EnginePair pair = new EnginePair(peers.engine(FuzzPeers.A, List.of(offer), 1), FuzzPeers.A,
                peers.engine(FuzzPeers.B, FuzzPeers.ACCEPTED, 2), FuzzPeers.B, FuzzPeers.PORT);
        List<Bytes> wire = new java.util.ArrayList<>();
        pair.path = d -> {
            wire.add(d.message());
            return d;
        };
        pair.acquire(pair.a, FuzzPeers.acquire(FuzzPeers.A, FuzzPeers.B));
        int realMessages = step == 0 ? 0 : new int[] {0, 2, 0, 3, 4}[step];
        for (int i = 0; i < realMessages; i++) pair.deliverNext();
        OutboundDatagram next = pair.network.isEmpty() ? null : pair.network.get(0);
        boolean toB = step == 0 || step == 1 || step == 4;
        IkeEngine target = toB ? pair.b.engine : pair.a.engine;
        InetAddress local = toB ? FuzzPeers.B : FuzzPeers.A;
        Bytes message = step == 4 ? mainMode5(pair, wire, rest, flags, offer)
                : Bytes.of(keepHeader ? rest : step == 0 ? lengthSet(rest) : routed(rest, next.message(), step == 2));
        return new Delivery(target, local, EngineChecks.deliver(target, local, toB ? FuzzPeers.A : FuzzPeers.B, message, pair.now));
    }

    /** The probe's Main Mode 1, made once per instance. */
    private Bytes probeFirstMessage() {
        if (probeFirstMessage == null) {
            IkeEngine probe = peers.engine(FuzzPeers.PROBE,
                    List.of(FuzzPeers.AES128_SHA256_ECP256, FuzzPeers.TDES_SHA1_MODP1024), 3);
            var step = probe.acquire(FuzzPeers.acquire(FuzzPeers.PROBE, FuzzPeers.B), EnginePair.T0);
            assertEquals(1, step.send().size());
            probeFirstMessage = step.send().get(0).message();
        }
        return probeFirstMessage;
    }

    /**
     * The fuzzed datagram with the cookies and message ID of {@code expected} (the real message it
     * stands in for) and an honest length, so it reaches the exchange. For Main Mode 2 only the
     * initiator cookie is ours; the responder's is whatever the fuzzer chose.
     */
    private static byte[] routed(byte[] fuzzed, Bytes expected, boolean keepResponderCookie) {
        byte[] out = lengthSet(fuzzed);
        if (out.length < IsakmpHeader.LENGTH) return out;
        byte[] header = expected.toArray();
        System.arraycopy(header, 0, out, 0, keepResponderCookie ? 8 : 16);
        System.arraycopy(header, 20, out, 20, 4);
        return out;
    }

    private static byte[] lengthSet(byte[] datagram) {
        byte[] out = datagram.clone();
        if (out.length >= IsakmpHeader.LENGTH) ByteBuffer.wrap(out).putInt(24, out.length);
        return out;
    }

    /** Main Mode 5 as A would send it, with the fuzzed IDii, HASH_I...: encrypted with A's key, under B's IV. */
    private static Bytes mainMode5(EnginePair pair, List<Bytes> wire, byte[] rest, int flags,
                                   MainModeMethod method) {
        var sa = pair.a.engine.isakmpSas().get(0);
        KnownKeys keys = new KnownKeys(method, sa.protection(), sa.cookies(), wire.get(2), wire.get(3));
        int first = rest[0] & 0xff;
        byte[] chain = Arrays.copyOfRange(rest, 1, rest.length);
        if ((flags & 4) != 0) chain = withHashI(chain, first, keys, wire, method);
        return keys.seal(2, 0, first, chain, (flags & 8) != 0);
    }

    /** RFC 2409 §5.4: HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b), over the fuzzed IDii. */
    private static byte[] withHashI(byte[] chain, int first, KnownKeys keys, List<Bytes> wire, MainModeMethod method) {
        RawChain raw = RawChain.walk(first, chain);
        RawChain.Span id = raw.first(PayloadType.ID.value());
        RawChain.Span hash = raw.first(PayloadType.HASH.value());
        if (id == null || hash == null) return chain;
        IsakmpMessage mm1 = IsakmpMessage.decode(ByteBuffer.wrap(wire.get(0).toArray()));
        IsakmpMessage mm3 = IsakmpMessage.decode(ByteBuffer.wrap(wire.get(2).toArray()));
        IsakmpMessage mm4 = IsakmpMessage.decode(ByteBuffer.wrap(wire.get(3).toArray()));
        CookiePair c = keys.cookies();
        Phase1Hash h = new Phase1Hash(Prf.hmac(method.hash()), keys.keys().keys().skeyid(),
                ke(mm3), ke(mm4), c.initiatorBytes(), c.responderBytes(),
                mm1.first(SecurityAssociationPayload.class).orElseThrow().encodeBody());
        return raw.withBody(hash, h.initiator(Bytes.of(raw.body(id))).toArray());
    }

    private static Bytes ke(IsakmpMessage m) {
        return m.first(org.ikd.core.isakmp.payload.KeyExchangePayload.class).orElseThrow().keyData();
    }
}
