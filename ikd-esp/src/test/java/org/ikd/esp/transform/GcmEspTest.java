package org.ikd.esp.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;

/**
 * The ESP packet test cases of draft-mcgrew-gcm-test-01 §4 (the companion of RFC 4106). Each gives
 * key, salt, SPI, sequence number (64-bit ones are ESN, with the 12-byte AAD of RFC 4106 §5), IV,
 * the ESP payload with its padding and trailer, and ciphertext||ICV. Transcribed from the draft as
 * quoted in snabb (lib/ipsec/aes_gcm.lua) and ell (unit/test-cipher.c), whose AADs fix ESN or not.
 */
class GcmEspTest {
    private static final HexFormat HEX = HexFormat.of();

    record Vector(String name, String key, String salt, int spi, long seq, boolean esn, String iv, String plain, String cipherAndIcv) {}

    static final List<Vector> VECTORS = List.of(
            new Vector("case 1 (ESN)", "4c80cdefbb5d10da906ac73c3613a634", "2e443b68", 0x00004321, 0x8765432100000000L, true,
                    "4956ed7e3b244cfe",
                    "45000048699a000080114db7c0a80102c0a801010a9bf15638d3010000010000"
                            + "00000000045f736970045f756470037369700963796265726369747902646b00" + "0021000101020201",
                    "fecf537e729d5b07dc30df528dd22b768d1b98736696a6fd348509fa13ceac34"
                            + "cfa2436f14a3f3cf65925bf1f4a13c5d15b21e1884f5ff6247aeabb786b93bce"
                            + "61bc17d768fd9732" + "459018148f6cbe722fd04796562dfdb4"),
            new Vector("case 2 (AES-192)", "feffe9928665731c6d6a8f9467308308feffe9928665731c", "cafebabe", 0x0000a5f8, 0x0a, false,
                    "facedbaddecaf888",
                    "45000028a4ad4000400678800a01038f0a010612802306b8cb712602dd6bb03e" + "501016d075680001",
                    "a5b1f8066029aea40e598b8122de02420938b3ab33f828e687b8858b5bfbdbd0" + "315b27452144cc77"
                            + "95457b9652037f5318027b5b4cd7a636"),
            new Vector("case 3 (AES-256)", "abbccddef00112233445566778899aababbccddef00112233445566778899aab", "11223344",
                    0x4a2cbfe3, 2, false, "0102030405060708",
                    "4500003069a6400080062690c0a801029389155e0a9e008b2dc57ee000000000" + "7002400020bf0000020405b40101040201020201",
                    "ff425c9b724599df7a3bcd510194e00d6a78107f1b0b1cbf06efae9d65a5d763" + "748a637985771d347f0545659f14e99def842d8e"
                            + "b335f4eecfdbf831824b4c4915956c96"),
            new Vector("case 4 (zero key)", "00000000000000000000000000000000", "00000000", 0, 1, false, "0000000000000000",
                    "4500003c99c500008001cb7a40679318010101010800075c0200440061626364"
                            + "65666768696a6b6c6d6e6f707172737475767761626364656667686901020201",
                    "4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284"
                            + "456476492719ffb64de7d9dca1e1d894bc3bd57873ed4d181d19d4d5c8c18af3" + "f821d496eeb096e98ad2b69e4799c71d"),
            new Vector("case 5 (empty payload)", "7d773d00c144c525ac619d18c84a3f47", "d9664267", 0x335467ae, 0xffffffffL, false,
                    "43457e9182443bc6", "01020201", "437f866b" + "cb3f699fe9b0822bac961c4504bef270"),
            new Vector("ESN 0x1010101010101010", "3de09874b388e6491988d0c3607eae1f", "57690e43", 0x42f67e3f, 0x1010101010101010L,
                    true, "4e280000a2fca1a3",
                    "4500003c99c300008001cb7c40679318010101010800085c0200430061626364"
                            + "65666768696a6b6c6d6e6f707172737475767761626364656667686901020201",
                    "fba2caa4853cf9f0f22cb10d86dd83b0fec75691cf1a04b00d1138ec9c357917"
                            + "65acbd8701ad79845bf9fe3fba487bc91755e6662b4c8d0d1f5e22739530320a"
                            + "e0d731cc978ecafaeae88f00e80d6e48"),
            new Vector("ESN, AES-256", "abbccddef00112233445566778899aababbccddef00112233445566778899aab", "73616c74",
                    0x17405e67, 0x156f3126dd0db99bL, true, "616e640169766563",
                    "45080028732c00004006e9f90a0106120a01038f06b88023dd6bafbecb712602" + "50101f646d540001",
                    "f2d69ecdbd5a0d5b8d5ef38bad4da58d1f278fde98ef67549d524a3018d9a57f"
                            + "f4d3a31ce673119e451626c2415771e3b7eebca614c89b35"),
            new Vector("ESN 2^64-1, AES-256", "6c6567616c697a656d6172696a75616e61616e64646f69746265666f72656961", "7475726e",
                    0x796b6963, 0xffffffffffffffffL, true, "333021696765746d",
                    "45000030da3a00008001df3bc0a80005c0a800010800c6cd0200070061626364"
                            + "65666768696a6b6c6d6e6f707172737401020201",
                    "f97ab2aa356d8edce17644ac8c78e25dd24dedbb29ebf1b64a274b39b49c3a86"
                            + "4cd3d78ca4ae68a32b42458fb57dbe821dcc63b9d0937ba2945f669368661a32" + "9fb4c053"));

    private static final int ESP = 100;

    private static GcmEsp transform(Vector v) {
        return new GcmEsp(HEX.parseHex(v.key() + v.salt()), v.esn());
    }

    /** Both GHASHes: SunJCE's intrinsic (the test JVM opens it, as conf/jvm.options does) and the Java tables. */
    private static List<GcmEsp> transforms(Vector v) {
        byte[] keyAndSalt = HEX.parseHex(v.key() + v.salt());
        return List.of(new GcmEsp(keyAndSalt, v.esn()), new GcmEsp(keyAndSalt, v.esn(), true));
    }

    private static void header(byte[] b, Vector v) {
        NetworkOrder.put32(b, ESP, v.spi());
        NetworkOrder.put32(b, ESP + 4, (int) v.seq());
        System.arraycopy(HEX.parseHex(v.iv()), 0, b, ESP + 8, 8);
    }

    @Test
    void sealsTheDraftVectorsExactly() {
        for (Vector v : VECTORS) {
            byte[] plain = HEX.parseHex(v.plain());
            int padLength = plain[plain.length - 2];
            int payload = plain.length - 2 - padLength;
            for (GcmEsp t : transforms(v)) {
                byte[] b = new byte[512];
                header(b, v);
                System.arraycopy(plain, 0, b, ESP + 16, payload);
                int n = t.seal(b, ESP, payload, plain[plain.length - 1], (int) (v.seq() >>> 32));
                assertEquals(16 + plain.length + 16, n, v.name());
                assertEquals(v.cipherAndIcv(), HEX.formatHex(b, ESP + 16, ESP + n), v.name());
            }
        }
    }

    @Test
    void opensTheDraftVectorsAndChecksTheirTrailers() {
        for (Vector v : VECTORS) {
            byte[] plain = HEX.parseHex(v.plain());
            byte[] sealed = HEX.parseHex(v.cipherAndIcv());
            for (GcmEsp t : transforms(v)) {
                byte[] b = new byte[512];
                header(b, v);
                System.arraycopy(sealed, 0, b, ESP + 16, sealed.length);
                int payload = t.open(b, ESP, 16 + sealed.length, (int) (v.seq() >>> 32));
                assertEquals(plain.length - 2 - plain[plain.length - 2], payload, v.name());
                assertArrayEquals(java.util.Arrays.copyOf(plain, payload), java.util.Arrays.copyOfRange(b, t.openedOffset(ESP),
                        t.openedOffset(ESP) + payload), v.name());
                assertEquals(plain[plain.length - 1], t.nextHeader());
            }
        }
    }

    @Test
    void refusesAWrongHighSequenceOrAFlippedBit() {
        Vector v = VECTORS.get(0);
        byte[] sealed = HEX.parseHex(v.cipherAndIcv());
        for (int flip = -1; flip < sealed.length; flip += 7) {
            byte[] b = new byte[512];
            header(b, v);
            System.arraycopy(sealed, 0, b, ESP + 16, sealed.length);
            int seqHigh = (int) (v.seq() >>> 32);
            if (flip < 0) seqHigh++;                     // RFC 4106 §5: Seq-high is authenticated, not sent
            else b[ESP + 16 + flip] ^= 0x40;
            for (GcmEsp t : transforms(v))
                assertEquals(EspTransform.AUTHENTICATION_FAILED, t.open(b.clone(), ESP, 16 + sealed.length, seqHigh));
        }
    }

    @Test
    void usesTheSequenceNumberAsExplicitIv() {
        byte[] b = new byte[64];
        transform(VECTORS.get(0)).writeIv(b, 0, 0x0102030405060708L);
        assertEquals("0102030405060708", HEX.formatHex(b, 8, 16));     // RFC 4106 §3.1: a counter is allowed
    }

    /** The test JVM opens com.sun.crypto.provider (ikd-esp's surefire argLine), so the intrinsic must be in use. */
    @Test
    void usesSunJcesGhashWhenOpenedToIt() {
        assertTrue(JdkGhash.AVAILABLE, "SunJCE's GHASH not reachable: is --add-opens java.base/com.sun.crypto.provider missing?");
        assertTrue(Ghash.of(new byte[16]) instanceof JdkGhash);
    }
}
