package org.ikd.esp.bench;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroup;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.InvalidPublicValueException;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The key math of one Main Mode as a responder sees it: a fresh Diffie-Hellman private value and
 * its KE payload ({@code generate}), g^xy from the peer's KE ({@code agree}, RFC 2409 §5), and the
 * PSK key chain SKEYID, SKEYID_d, SKEYID_a, SKEYID_e (RFC 2409 §5, §5.4). A setup rate can be no
 * higher than 1 / (generate + agree + keys). Run: scripts/bench jmh KeyMathBenchmark.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KeyMathBenchmark {
    @Param({"modp1024", "modp2048", "ecp256"})
    public String group;

    @Param({"sha1", "sha256"})
    public String prf;

    private final SecureRandom random = new SecureRandom();
    private DhGroup dh;
    private Bytes peerPublic;
    private Prf keyPrf;
    private byte[] psk;
    private byte[] nonces;
    private byte[] cookies;

    @Setup
    public void setUp() {
        dh = DhGroup.of(DhGroupId.byKeyword(group).orElseThrow());
        peerPublic = dh.generate(random).publicValue();
        keyPrf = Prf.hmac(HashAlgorithm.byKeyword(prf).orElseThrow());
        psk = new byte[24];
        nonces = new byte[64];
        cookies = new byte[16];
        random.nextBytes(psk);
        random.nextBytes(nonces);
        random.nextBytes(cookies);
    }

    @Benchmark
    public Bytes generate() {
        DhPrivate own = dh.generate(random);
        Bytes ke = own.publicValue();
        own.destroy();
        return ke;
    }

    @Benchmark
    public Secret generateAndAgree() throws InvalidPublicValueException {
        DhPrivate own = dh.generate(random);
        Secret shared = own.agree(peerPublic);
        own.destroy();
        return shared;
    }

    /** SKEYID = prf(pre-shared-key, Ni_b | Nr_b) and the three keys derived from it, g^xy taken as {@code nonces}. */
    @Benchmark
    public byte[] phase1Keys() {
        byte[] skeyid = keyPrf.compute(psk, nonces);
        byte[] d = keyPrf.compute(skeyid, nonces, cookies, new byte[] {0});
        byte[] a = keyPrf.compute(skeyid, d, nonces, cookies, new byte[] {1});
        return keyPrf.compute(skeyid, a, nonces, cookies, new byte[] {2});
    }
}
