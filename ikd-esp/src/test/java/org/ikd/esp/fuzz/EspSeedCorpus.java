package org.ikd.esp.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ikd.core.isakmp.TestVectors;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures;
import org.ikd.esp.Packets;
import org.ikd.esp.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpus of {@link EspInboundFuzzTest} ({@code EspInboundFuzzTestInputs/inboundPackets/},
 * under the test resources): for each suite, inner packets for A to seal, the packets A sealed
 * (as received by B), and the ESP packets of the strongSwan captures. Runs only when asked:
 * {@code scripts/fuzz --seeds} sets {@code ikd.fuzz.seeds}.
 */
@EnabledIfSystemProperty(named = "ikd.fuzz.seeds", matches = ".+")
class EspSeedCorpus {
    private final Path dir = Path.of(System.getProperty("ikd.fuzz.seeds", "."), "org", "ikd", "esp", "fuzz",
            "EspInboundFuzzTestInputs", "inboundPackets");

    @Test
    void writesTheSeedCorpus() {
        for (int s = 0; s < EspInboundFuzzTest.SUITES.size(); s++) {
            Fixtures.Suite suite = EspInboundFuzzTest.SUITES.get(s);
            boolean tunnel = suite.mode() == Mode.TUNNEL;
            String src = tunnel ? "198.18.10.5" : Fixtures.A;
            String dst = tunnel ? "198.18.20.7" : Fixtures.B;
            List<byte[]> inner = List.of(Packets.udp(src, dst, 4000, 53, 40), Packets.tcp(src, dst, 40000, 443, 100),
                    Packets.icmp(src, dst, 56));
            Fixtures.Link link = new Fixtures.Link(suite);
            for (int i = 0; i < inner.size(); i++) {
                write("ikd-" + suite.name() + "-inner" + i, prefixed(inner.get(i), s, 1, 0));
                if (link.send(inner.get(i)) != Verdict.TRANSMIT) throw new AssertionError(suite.name() + " did not seal");
                write("ikd-" + suite.name() + "-wire" + i, prefixed(link.wire(), s, 0));
            }
        }
        for (Path p : TestVectors.strongSwanFiles(".vec")) {
            var v = TestVectors.vec(p);
            String name = p.getFileName().toString().replace(".vec", "");
            for (String key : List.of("esp_i_to_r_packet", "esp_r_to_i_packet"))
                if (v.containsKey(key)) write("strongswan-" + name + "-" + key, prefixed(TestVectors.hex(v.get(key)).toArray(), 3, 0));
        }
    }

    private static byte[] prefixed(byte[] body, int... prefix) {
        byte[] out = new byte[prefix.length + body.length];
        for (int i = 0; i < prefix.length; i++) out[i] = (byte) prefix[i];
        System.arraycopy(body, 0, out, prefix.length, body.length);
        return out;
    }

    private void write(String name, byte[] input) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve("seed-" + name), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
