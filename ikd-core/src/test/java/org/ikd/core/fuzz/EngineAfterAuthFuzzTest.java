package org.ikd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.util.Arrays;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.oakley.Phase2Hash;

/**
 * Fuzz target 3 (issue 9): the engine after authentication, where only a peer with the keys can
 * reach. An {@link EstablishedPair} gives the keys; each input is a plaintext payload chain that is
 * encrypted correctly (IV chains of RFC 2409 App. B) and, on request, carries the correct phase-2
 * HASH (RFC 2409 §5.5, §5.7), so the fuzzer gets past decryption and authentication:
 * <pre>
 *   byte 0: what   0 Quick Mode 1 to B (new M-ID)      1 Informational to B (new M-ID)
 *                  2 Quick Mode 2 to A (after its real Quick Mode 1)
 *                  3 Quick Mode 3 to B (after a real Quick Mode 1 and B's answer)
 *                  4 Informational to A (new M-ID)
 *   byte 1: flags  bit 0 make the HASH (the first payload, if it is one) correct; bit 1 pad with a pad-length byte
 *   byte 2:        the first payload's type (the header's next payload)
 *   the rest:      the payload chain
 * </pre>
 * The pair is reused for {@value #REUSES} inputs (a Main Mode per input would starve the fuzzer) and
 * made again when an input legitimately ended the ISAKMP SA. After each input, {@link EngineChecks}
 * hold and, while the SA lives, a real Quick Mode between A and B still completes.
 */
class EngineAfterAuthFuzzTest {
    private static final int REUSES = 200;
    private final FuzzPeers peers = new FuzzPeers();
    private EstablishedPair world;
    private int uses;

    @FuzzTest
    void encryptedExchanges(byte[] input) {
        if (feed(input) != null && world.established()) realQuickModeStillCompletes(world.pair);
    }

    /** Delivers {@code input}'s message to A or B and checks {@link EngineChecks} 1-3; null for a short input. */
    Step feed(byte[] input) {
        if (input.length < 3) return null;
        if (world == null || uses++ >= REUSES || !world.established()) {
            world = EstablishedPair.negotiate(peers);
            uses = 1;
        }
        int what = (input[0] & 0xff) % 5;
        boolean fixHash = (input[1] & 1) != 0;
        boolean padLength = (input[1] & 2) != 0;
        int first = input[2] & 0xff;
        byte[] chain = Arrays.copyOfRange(input, 3, input.length);
        EnginePair pair = world.pair;
        boolean toB = what != 2 && what != 4;
        IkeEngine target = toB ? pair.b.engine : pair.a.engine;
        InetAddress local = toB ? FuzzPeers.B : FuzzPeers.A;
        Bytes message = switch (what) {
            case 0, 1, 4 -> {
                int id = world.newMessageId();
                byte[] c = fixHash ? withHash(chain, first, h -> world.keys.keys().phase2Hash().hash1(id, h)) : chain;
                int type = what == 0 ? ExchangeType.QUICK_MODE.value() : ExchangeType.INFORMATIONAL.value();
                yield world.keys.seal(type, id, first, c, padLength);
            }
            case 2 -> quickMode2(chain, first, fixHash, padLength);
            default -> quickMode3(chain, first, fixHash, padLength);
        };
        pair.network.clear();
        return EngineChecks.deliver(target, local, toB ? FuzzPeers.A : FuzzPeers.B, message, pair.now);
    }

    /** A's real Quick Mode 1 goes nowhere; the fuzzer answers it. */
    private Bytes quickMode2(byte[] chain, int first, boolean fixHash, boolean padLength) {
        OutboundDatagram qm1 = startQuickMode();
        int id = messageId(qm1.message());
        Bytes ni = nonceIn(qm1.message());
        byte[] c = fixHash ? withHash(chain, first, h -> world.keys.keys().phase2Hash().hash2(id, ni, h)) : chain;
        return world.keys.seal(ExchangeType.QUICK_MODE.value(), id, first, c, padLength);
    }

    /** A's real Quick Mode 1 reaches B, B's Quick Mode 2 goes nowhere; the fuzzer sends B the third message. */
    private Bytes quickMode3(byte[] chain, int first, boolean fixHash, boolean padLength) {
        OutboundDatagram qm1 = startQuickMode();
        EnginePair.Side b = world.pair.b;
        var answer = b.engine.receive(new org.ikd.core.ike.InboundDatagram(qm1.remote(), qm1.local(), false, qm1.message()),
                world.pair.now);
        int id = messageId(qm1.message());
        Bytes ni = nonceIn(qm1.message());
        if (answer.send().size() != 1) throw new AssertionError("B did not answer a real Quick Mode 1: " + answer.events());
        Bytes nr = nonceIn(answer.send().get(0).message());
        byte[] c = fixHash ? withHash(chain, first, h -> world.keys.keys().phase2Hash().hash3(id, ni, nr)) : chain;
        return world.keys.seal(ExchangeType.QUICK_MODE.value(), id, first, c, padLength);
    }

    private OutboundDatagram startQuickMode() {
        var step = world.pair.a.engine.acquire(FuzzPeers.acquire(FuzzPeers.A, FuzzPeers.B), world.pair.now);
        if (step.send().size() != 1) throw new AssertionError("A did not start a Quick Mode: " + step.events());
        return step.send().get(0);
    }

    /** After the fuzzed input: A and B still negotiate an IPsec SA pair (three messages). */
    private static void realQuickModeStillCompletes(EnginePair pair) {
        int before = pair.b.events(IkeEvent.QuickModeEstablished.class).size();
        pair.acquire(pair.a, FuzzPeers.acquire(FuzzPeers.A, FuzzPeers.B));
        assertEquals(3, pair.deliverAll(), () -> "a real Quick Mode after the fuzzed input: " + pair.b.events);
        assertEquals(before + 1, pair.b.events(IkeEvent.QuickModeEstablished.class).size(), "B completed it");
    }

    /** The chain with its first payload's body replaced by {@code hash} of what follows it, if the first payload is a HASH. */
    private static byte[] withHash(byte[] chain, int first, java.util.function.Function<Bytes, Bytes> hash) {
        RawChain raw = RawChain.walk(first, chain);
        if (raw.spans().isEmpty() || first != PayloadType.HASH.value()) return chain;
        RawChain.Span h = raw.spans().get(0);
        return raw.withBody(h, hash.apply(Bytes.of(raw.after(h))).toArray());
    }

    /** The body of the first Nonce payload of a real message, which the eavesdropper decrypts (RFC 2409 §5.5: Ni_b, Nr_b). */
    private Bytes nonceIn(Bytes datagram) {
        RawChain raw = RawChain.walk(datagram.getUnsigned(16), world.keys.open(datagram));
        RawChain.Span n = raw.first(PayloadType.NONCE.value());
        if (n == null) throw new AssertionError("no Nonce payload in a real Quick Mode message");
        return Bytes.of(raw.body(n));
    }

    private static int messageId(Bytes datagram) {
        return java.nio.ByteBuffer.wrap(datagram.toArray()).getInt(20);
    }
}
