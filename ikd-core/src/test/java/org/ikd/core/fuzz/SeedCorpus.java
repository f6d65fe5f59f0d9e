package org.ikd.core.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.isakmp.TestVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpora of the core fuzz targets (Jazzer's layout: {@code <package>/<Class>Inputs/<method>/},
 * under the test resources) from two independent sources: the strongSwan captures in
 * {@code vectors/strongswan/} and messages ikd's engines send each other in memory. Runs only when
 * asked: {@code scripts/fuzz --seeds}, which sets {@code ikd.fuzz.seeds} to {@code src/test/resources}.
 * Files it writes start with {@code seed-}; findings the fuzzer adds keep their own names.
 */
@EnabledIfSystemProperty(named = "ikd.fuzz.seeds", matches = ".+")
class SeedCorpus {
    private static final String[] VEC_PLAINS = {"mm5", "mm6", "qm1", "qm2", "qm3", "info1", "info2"};

    private final Path root = Path.of(System.getProperty("ikd.fuzz.seeds", "."), "org", "ikd", "core", "fuzz");

    @Test
    void writesTheSeedCorpora() {
        Target datagrams = new Target("IsakmpDecoderFuzzTest", "datagrams");
        Target plains = new Target("IsakmpDecoderFuzzTest", "decryptedPayloads");
        Target beforeAuth = new Target("EngineBeforeAuthFuzzTest", "firstMainModeMessages");
        Target afterAuth = new Target("EngineAfterAuthFuzzTest", "encryptedExchanges");
        for (Path file : TestVectors.strongSwanFiles(".messages")) {
            String name = file.getFileName().toString().replace(".messages", "");
            int flags = name.contains("modp1024") ? 2 : 0;
            List<TestVectors.Captured> messages = TestVectors.captured(file);
            for (int i = 0; i < messages.size(); i++) datagrams.add("strongswan-" + name + "-" + i, messages.get(i).bytes().toArray());
            for (int step = 0; step < 4; step++) {
                int index = new int[] {0, 2, 1, 3}[step];      // MM1 to B, MM3 to B, MM2 to A, MM4 to A
                beforeAuth.add("strongswan-" + name + "-step" + step, prefixed(messages.get(index).bytes().toArray(), step, flags));
            }
        }
        for (Path file : TestVectors.strongSwanFiles(".vec")) {
            String name = file.getFileName().toString().replace(".vec", "");
            Map<String, String> v = TestVectors.vec(file);
            for (String m : VEC_PLAINS) {
                byte[] wire = TestVectors.hex(v.get(m)).toArray();
                byte[] plain = TestVectors.hex(v.get(m + "_plain")).toArray();
                plains.add("strongswan-" + name + "-" + m, prefixed(plain, wire[16]));
                int what = Map.of("qm1", 0, "qm2", 2, "qm3", 3, "info1", 1, "info2", 4).getOrDefault(m, -1);
                if (what >= 0) afterAuth.add("strongswan-" + name + "-" + m, prefixed(prefixed(plain, wire[16]), what, 1));
            }
            byte[] mm5 = TestVectors.hex(v.get("mm5_plain")).toArray();
            beforeAuth.add("strongswan-" + name + "-step4", prefixed(prefixed(mm5, 5), 4, 4));
        }
        ikd(datagrams, plains, beforeAuth, afterAuth);
        for (String hex : List.of("main-mode-1-psk.hex", "fragment.hex"))
            datagrams.add("handmade-" + hex.replace(".hex", ""), TestVectors.hexResource(hex).toArray());
        plains.add("handmade-main-mode-5", prefixed(TestVectors.hexResource("main-mode-5-signature-plain.hex").toArray(), 5));
        plains.add("handmade-quick-mode-1", prefixed(TestVectors.hexResource("quick-mode-1-plain.hex").toArray(), 8));
        plains.add("handmade-dpd", prefixed(TestVectors.hexResource("informational-dpd-plain.hex").toArray(), 8));
        plains.add("handmade-xauth-request", prefixed(TestVectors.hexResource("transaction-xauth-request-plain.hex").toArray(), 8));
        plains.add("handmade-cfg-reply", prefixed(TestVectors.hexResource("transaction-cfg-reply-plain.hex").toArray(), 8));
        afterAuth.add("handmade-dpd", prefixed(prefixed(TestVectors.hexResource("informational-dpd-plain.hex").toArray(), 8), 1, 1));
    }

    /** ikd's own messages: a full negotiation (both Main Mode offers), a Delete, and their plaintexts. */
    private void ikd(Target datagrams, Target plains, Target beforeAuth, Target afterAuth) {
        FuzzPeers peers = new FuzzPeers();
        for (int flags : new int[] {0, 2}) {
            EnginePair pair = new EnginePair(peers.engine(FuzzPeers.A,
                    List.of(flags == 2 ? FuzzPeers.TDES_SHA1_MODP1024 : FuzzPeers.AES128_SHA256_ECP256), 1),
                    FuzzPeers.A, peers.engine(FuzzPeers.B, FuzzPeers.ACCEPTED, 2), FuzzPeers.B, FuzzPeers.PORT);
            List<Bytes> wire = new ArrayList<>();
            pair.path = d -> {
                wire.add(d.message());
                return d;
            };
            pair.acquire(pair.a, FuzzPeers.acquire(FuzzPeers.A, FuzzPeers.B));
            pair.deliverAll();
            String tag = "ikd-" + (flags == 2 ? "3des-sha1-modp1024" : "aes128-sha256-ecp256");
            for (int step = 0; step < 4; step++) {
                int index = new int[] {0, 2, 1, 3}[step];
                beforeAuth.add(tag + "-step" + step, prefixed(wire.get(index).toArray(), step, flags));
            }
            var sa = pair.a.engine.isakmpSas().get(0);
            var method = flags == 2 ? FuzzPeers.TDES_SHA1_MODP1024 : FuzzPeers.AES128_SHA256_ECP256;
            KnownKeys keys = new KnownKeys(method, sa.protection(), sa.cookies(), wire.get(2), wire.get(3));
            IkeEvent.QuickModeEstablished qm = pair.a.events(IkeEvent.QuickModeEstablished.class).get(0);
            pair.apply(pair.a, pair.a.engine.deleteIpsecSa(qm.pair().id(), "seed", pair.now));
            pair.deliverAll();
            String[] names = {"mm1", "mm2", "mm3", "mm4", "mm5", "mm6", "qm1", "qm2", "qm3", "delete"};
            for (int i = 0; i < wire.size() && i < names.length; i++) {
                datagrams.add(tag + "-" + names[i], wire.get(i).toArray());
                if (i < 4) continue;
                int first = wire.get(i).getUnsigned(16);
                byte[] plain = unpadded(first, keys.open(wire.get(i)));
                plains.add(tag + "-" + names[i], prefixed(plain, first));
                if (i == 4) beforeAuth.add(tag + "-step4", prefixed(prefixed(plain, first), 4, 4 | flags));
                int what = Map.of("qm1", 0, "qm2", 2, "qm3", 3, "delete", 1).getOrDefault(names[i], -1);
                if (what >= 0 && flags == 0) afterAuth.add(tag + "-" + names[i], prefixed(prefixed(plain, first), what, 1));
            }
        }
    }

    private static byte[] unpadded(int first, byte[] plain) {
        List<RawChain.Span> spans = RawChain.walk(first, plain).spans();
        return spans.isEmpty() ? plain : Arrays.copyOf(plain, spans.get(spans.size() - 1).end());
    }

    private static byte[] prefixed(byte[] body, int... prefix) {
        ByteBuffer out = ByteBuffer.allocate(prefix.length + body.length);
        for (int p : prefix) out.put((byte) p);
        return out.put(body).array();
    }

    /** One fuzz test's inputs directory. */
    private final class Target {
        private final Path dir;

        Target(String fuzzTestClass, String method) {
            dir = root.resolve(fuzzTestClass + "Inputs").resolve(method);
        }

        void add(String name, byte[] input) {
            try {
                Files.createDirectories(dir);
                Files.write(dir.resolve("seed-" + name), input);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
