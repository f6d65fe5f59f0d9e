package org.ikd.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class PrfTest {
    /** RFC 2202 §2-3 and RFC 4231 §4 (vectors/rfc/hmac.txt). */
    static List<VectorFile.Record> hmacVectors() {
        return VectorFile.load("vectors/rfc/hmac.txt");
    }

    private static Prf prfOf(VectorFile.Record v) {
        return Prf.hmac(HashAlgorithm.byKeyword(v.text("hash")).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacVectors")
    void computesTheRfcHmac(VectorFile.Record v) {
        assertArrayEquals(v.array("mac"), prfOf(v).compute(v.array("key"), v.array("data")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacVectors")
    void derivesTheRfcHmacAsASecret(VectorFile.Record v) {
        Secret out = prfOf(v).derive(v.secret("key"), v.array("data"));
        assertArrayEquals(v.array("mac"), out.reveal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hmacVectors")
    void concatenatesInputsFedInPieces(VectorFile.Record v) {
        byte[] data = v.array("data");
        int cut = data.length / 3;
        Bytes middle = Bytes.of(Arrays.copyOfRange(data, cut, 2 * cut));
        Secret tail = Secret.of(Arrays.copyOfRange(data, 2 * cut, data.length));
        byte[] out = prfOf(v).keyed(v.secret("key"))
                .update(Arrays.copyOfRange(data, 0, cut)).update(middle).update(tail).finish();
        assertArrayEquals(v.array("mac"), out);
    }

    @ParameterizedTest
    @EnumSource(HashAlgorithm.class)
    void outputsTheHashLength(HashAlgorithm h) {
        Prf prf = Prf.hmac(h);
        assertEquals(h.outputLength(), prf.outputLength());
        assertEquals(h.outputLength(), prf.compute(new byte[] {1}, new byte[] {2}).length);
    }

    @Test
    void rejectsAnEmptyKey() {
        Prf prf = Prf.hmac(HashAlgorithm.SHA1);
        assertThrows(IllegalArgumentException.class, () -> prf.compute(new byte[0], new byte[] {1}));
    }

    @Test
    void refusesAComputationSupersededByANewerOne() {
        Prf prf = Prf.hmac(HashAlgorithm.SHA2_256);
        Prf.Computation first = prf.keyed(Bytes.of((byte) 1));
        prf.keyed(Bytes.of((byte) 2));
        assertThrows(IllegalStateException.class, () -> first.update((byte) 0));
    }

    @Test
    void refusesAComputationUsedAfterItsOutputWasTaken() {
        Prf.Computation c = Prf.hmac(HashAlgorithm.MD5).keyed(Bytes.of((byte) 1));
        c.finish();
        assertThrows(IllegalStateException.class, c::finish);
    }

    @Test
    void neverPrintsTheDerivedKey() {
        Secret s = Prf.hmac(HashAlgorithm.SHA1).derive(Secret.of(new byte[] {0x0b}), new byte[] {1});
        assertFalse(s.toString().contains(s.revealHex()));
    }
}
