package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.ikd.core.isakmp.TestVectors.hexResource;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.PayloadCodec;
import org.junit.jupiter.api.Test;

/**
 * A smoke fuzz loop with a fixed seed: mutations of valid messages (bit flips, byte changes,
 * truncations, insertions, length-field tweaks, splices) must either decode, and then re-encode
 * to exactly the same bytes, or fail with {@link MalformedMessageException}; nothing else may escape.
 */
class IsakmpFuzzTest {
    private static final int ROUNDS = 120_000;
    private static final long SEED = 0x15A4D_2408L;

    private record Seed(PayloadType first, byte[] bytes) {
        boolean isDatagram() {
            return first == null;
        }
    }

    @Test
    void onlyTheCodecExceptionEscapesFromMutatedMessages() {
        List<Seed> seeds = seeds();
        Random random = new Random(SEED);
        int decoded = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            byte[] input = mutate(seed, seeds, random);
            try {
                decoded += seed.isDatagram() ? decodeDatagram(input) : decodePlaintext(seed.first(), input);
            } catch (MalformedMessageException expected) {
                // the one allowed outcome besides success
            } catch (RuntimeException | AssertionError e) {
                fail("round " + round + ", input " + HexFormat.of().formatHex(input), e);
            }
        }
        assertTrue(decoded > ROUNDS / 50, "only " + decoded + " mutations decoded: the fuzzer barely gets past the header");
    }

    /** Decodes as cleartext and as encrypted; what decodes must re-encode to the same bytes. */
    private static int decodeDatagram(byte[] input) {
        IsakmpHeader header = IsakmpHeader.decode(ByteBuffer.wrap(input));
        if (header.isEncrypted()) {
            EncryptedMessage e = EncryptedMessage.decode(ByteBuffer.wrap(input));
            assertArrayEquals(input, e.encode().toArray());
            return 1;
        }
        IsakmpMessage m = IsakmpMessage.decode(ByteBuffer.wrap(input));
        assertArrayEquals(input, m.encode().toArray());
        for (ExchangeStep step : ExchangeStep.values()) {
            try {
                MessageRules.check(step, m);
            } catch (MalformedMessageException expected) {
                // most steps do not fit
            }
        }
        return 1;
    }

    /** Decrypted bodies: the payloads must re-encode to the bytes before the padding. */
    private static int decodePlaintext(PayloadType first, byte[] input) {
        List<Payload> payloads = IsakmpMessage.decodePayloads(first, ByteBuffer.wrap(input));
        ByteBuffer out = ByteBuffer.allocate(PayloadCodec.lengthOf(payloads));
        PayloadCodec.encodeChain(payloads, out);
        assertTrue(out.capacity() <= input.length);
        assertArrayEquals(java.util.Arrays.copyOf(input, out.capacity()), out.array());
        return 1;
    }

    private static byte[] mutate(Seed seed, List<Seed> seeds, Random random) {
        byte[] b = seed.bytes().clone();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations && b.length > 0; i++) {
            switch (random.nextInt(8)) {
                case 0 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                case 2 -> b = java.util.Arrays.copyOf(b, random.nextInt(b.length));
                case 3 -> b = insert(b, random);
                case 4 -> tweakLength(b, random);
                case 5 -> b = splice(b, seeds.get(random.nextInt(seeds.size())).bytes(), random);
                case 6 -> b = delete(b, random);
                default -> b[random.nextInt(b.length)] = (byte) (random.nextBoolean() ? 0 : 0xff);
            }
        }
        if (seed.isDatagram() && b.length >= IsakmpHeader.LENGTH && random.nextInt(4) != 0)
            ByteBuffer.wrap(b).putInt(24, b.length);      // keep the header length honest so the payloads get parsed
        return b;
    }

    /** Adds a small delta to a 16-bit big-endian field (payload, proposal, transform and TLV lengths are 16 bits). */
    private static void tweakLength(byte[] b, Random random) {
        if (b.length < 2) return;
        int at = random.nextInt(b.length - 1);
        int value = ((b[at] & 0xff) << 8 | (b[at + 1] & 0xff)) + random.nextInt(9) - 4;
        b[at] = (byte) (value >> 8);
        b[at + 1] = (byte) value;
    }

    private static byte[] insert(byte[] b, Random random) {
        int at = random.nextInt(b.length + 1);
        byte[] extra = new byte[1 + random.nextInt(8)];
        random.nextBytes(extra);
        byte[] out = new byte[b.length + extra.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(b, at, out, at + extra.length, b.length - at);
        return out;
    }

    private static byte[] delete(byte[] b, Random random) {
        int from = random.nextInt(b.length);
        int to = Math.min(b.length, from + 1 + random.nextInt(8));
        byte[] out = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, b.length - to);
        return out;
    }

    private static byte[] splice(byte[] a, byte[] b, Random random) {
        int cutA = random.nextInt(a.length + 1);
        int cutB = random.nextInt(b.length + 1);
        byte[] out = new byte[cutA + b.length - cutB];
        System.arraycopy(a, 0, out, 0, cutA);
        System.arraycopy(b, cutB, out, cutA, b.length - cutB);
        return out;
    }

    private static List<Seed> seeds() {
        List<Seed> seeds = new ArrayList<>();
        for (String f : List.of("main-mode-1-psk.hex", "fragment.hex"))
            seeds.add(new Seed(null, hexResource(f).toArray()));
        seeds.add(new Seed(PayloadType.ID, hexResource("main-mode-5-signature-plain.hex").toArray()));
        seeds.add(new Seed(PayloadType.HASH, hexResource("quick-mode-1-plain.hex").toArray()));
        seeds.add(new Seed(PayloadType.HASH, hexResource("informational-dpd-plain.hex").toArray()));
        for (Path p : TestVectors.strongSwanFiles(".messages"))
            for (TestVectors.Captured c : TestVectors.captured(p)) seeds.add(new Seed(null, c.bytes().toArray()));
        for (Path p : TestVectors.strongSwanFiles(".vec")) {
            Map<String, String> v = TestVectors.vec(p);
            for (String name : List.of("mm5", "mm6", "qm1", "qm2", "qm3", "info1", "info2")) {
                Bytes wire = hex(v.get(name));
                PayloadType first = IsakmpHeader.decode(buffer(wire)).nextPayload();
                seeds.add(new Seed(first, hex(v.get(name + "_plain")).toArray()));
            }
        }
        return seeds;
    }
}
