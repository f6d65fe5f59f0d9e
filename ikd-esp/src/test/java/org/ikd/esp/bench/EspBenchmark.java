package org.ikd.esp.bench;

import java.util.concurrent.TimeUnit;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Encapsulation;
import org.ikd.esp.Fixtures;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Packets;
import org.ikd.esp.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Seal ({@code DataPlane.outbound}) and open ({@code DataPlane.inbound}) of one tunnel-mode packet
 * through the whole data path: SPD lookup, SAD, outer header, transform, counters. {@code size} is
 * the inner IP packet's length. Each operation first copies the packet into the pump's buffer (as a
 * TUN or socket read would). The open benchmark's SA has anti-replay off so the same packet can be
 * opened again and again; the window costs a few ns (ReplayWindowTest covers its logic).
 * Run: scripts/bench-esp (MB/s = size / (ns/op) * 1000).
 */
@State(Scope.Thread)
@BenchmarkMode(org.openjdk.jmh.annotations.Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED")   // GcmEsp's GHASH, as conf/jvm.options
public class EspBenchmark {
    @Param({"aes128gcm", "aes256gcm", "aes128-sha1", "aes256-sha256", "3des-sha1", "null-sha1", "ah-sha1", "ah-sha1+aes128-sha1"})
    public String transform;

    @Param({"64", "512", "1400"})
    public int size;

    private Link link;
    private byte[] inner;
    private byte[] wire;

    static Suite suite(String name) {
        Mode t = Mode.TUNNEL;
        return switch (name) {
            case "aes128gcm" -> Suite.esp(EspCipher.AES_GCM_16, 128, null, t);
            case "aes256gcm" -> Suite.esp(EspCipher.AES_GCM_16, 256, null, t);
            case "aes128-sha1" -> Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, t);
            case "aes256-sha256" -> Suite.esp(EspCipher.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128, t);
            case "3des-sha1" -> Suite.esp(EspCipher.TRIPLE_DES_CBC, 192, IntegrityAlgorithm.HMAC_SHA1_96, t);
            case "null-sha1" -> Suite.esp(EspCipher.NULL, 0, IntegrityAlgorithm.HMAC_SHA1_96, t);
            case "ah-sha1" -> Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, t);
            case "ah-sha1+aes128-sha1" -> Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, t).withAh();
            default -> throw new IllegalArgumentException(name);
        };
    }

    @Setup(Level.Trial)
    public void setUp() {
        link = new Link(suite(transform).withWindow(0));
        inner = Packets.udp("198.18.10.5", "198.18.20.9", 1, 2, size - 28);
        if (link.send(inner) != Verdict.TRANSMIT) throw new IllegalStateException(String.valueOf(link.pa.dropReason()));
        wire = link.wire();
        if (link.receive(wire, Encapsulation.IP) != Verdict.DELIVER) throw new IllegalStateException("open failed");
    }

    @Benchmark
    public int seal() {
        PacketBuffer p = link.pa;
        System.arraycopy(inner, 0, p.array(), PacketBuffer.HEADROOM, inner.length);
        p.loadIp(inner.length);
        link.a.outbound(p);
        return p.length();
    }

    @Benchmark
    public int open() {
        PacketBuffer p = link.pb;
        System.arraycopy(wire, 0, p.array(), PacketBuffer.HEADROOM, wire.length);
        p.loadIp(wire.length);
        link.b.inbound(p);
        return p.length();
    }

    /** Keeps {@link Fixtures} reachable for the benchmark jar. */
    static String hosts() {
        return Fixtures.A + " " + Fixtures.B;
    }
}
