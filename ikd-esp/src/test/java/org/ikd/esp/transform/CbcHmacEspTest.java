package org.ikd.esp.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;

/**
 * RFC 3602 §4 cases 5-8: ESP packets with AES-CBC (transport and tunnel payloads). RFC 3602 gives
 * them without an ICV, so the comparisons stop before it; the ICV appended here for opening is
 * computed with {@code javax.crypto.Mac}, independently of ikd's HMAC.
 */
class CbcHmacEspTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] MAC_KEY = new byte[20];

    record Case(String name, String key, int spi, int seq, String iv, int nextHeader, String payload, String packet) {}

    static final List<Case> CASES = List.of(
            new Case("case 5", "90d382b410eeba7ad938c46cec1a82bf", 0x4321, 1, "e96e8c08ab465763fd098d45dd3ff893", 1,
                    "08000ebda70a00008e9c083db95b070008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f3031323334353637",
                    "0000432100000001e96e8c08ab465763fd098d45dd3ff893f663c25d325c18c6a9453e194e120849a4870b66cc6b9965330013b4898dc856"
                            + "a4699e523a55db080b59ec3a8e4b7e52775b07d1db34ed9c538ab50c551b874aa269add047ad2d5913ac19b7cfbad4a6"),
            new Case("case 6", "90d382b410eeba7ad938c46cec1a82bf", 0x4321, 8, "69d08df7d203329db093fc4924e5bd80", 1,
                    "0800b5e8a80a0500a69c083d0b660e00777777777777777777777777",
                    "000043210000000869d08df7d203329db093fc4924e5bd80f51995881ec4e0c4488987ce742e8109689bb379d2d750c0d915dca346a89f75"),
            new Case("case 7", "0123456789abcdef0123456789abcdef", 0x8765, 2, "f4e765244f6407adf13dc1380f673f37", 4,
                    "45000054090400004001f988c0a87b03c0a87bc808009f76a90a0100b49c083d02a2040008090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                            + "202122232425262728292a2b2c2d2e2f3031323334353637",
                    "0000876500000002f4e765244f6407adf13dc1380f673f37773b5241a4c449225e4f3ce5ed611b0c237ca96cf74a93013c1b0ea1a0cf70f8"
                            + "e4ecaec78ac53aad7a0f022b859243c647752e94a859352b8a4d4d2decd136e5c177f132ad3fbfb2201ac9904c74ee0a109e0ca1e4dfe9d5"
                            + "a100b842f1c22f0d"),
            new Case("case 8", "0123456789abcdef0123456789abcdef", 0x8765, 5, "85d47224b5f3dd5d2101d4ea8dffab22", 4,
                    "45000044090c00004001f990c0a87b03c0a87bc80800d63caa0a0200c69c083da3de0300ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                    "000087650000000585d47224b5f3dd5d2101d4ea8dffab2215b92683819596a8047232cc00f7048fe45318e11f8a0f62ede3c3fc61203bb50f"
                            + "980a08c9843fd3a1b06d5c07ff9639b7eb7dfb3512e5de435e7207ed971ef3d2726d9b5ef6affc6d17a0decbb13892"));

    private static final int ESP = 100;

    private static CbcHmacEsp sealer(String key) {
        return new CbcHmacEsp(EspCipher.AES_CBC, HEX.parseHex(key), IntegrityAlgorithm.HMAC_SHA1_96, MAC_KEY, false, true, new byte[16], null);
    }

    private static CbcHmacEsp opener(String key) {
        return new CbcHmacEsp(EspCipher.AES_CBC, HEX.parseHex(key), IntegrityAlgorithm.HMAC_SHA1_96, MAC_KEY, false, false, null, null);
    }

    @Test
    void sealsRfc3602Cases5To8WithMinimalPadding() {
        for (String key : List.of(CASES.get(0).key(), CASES.get(2).key())) {
            CbcHmacEsp t = sealer(key);                        // one instance: the CBC chain carries across packets
            for (Case c : CASES) {
                if (!c.key().equals(key)) continue;
                byte[] b = new byte[1024];
                NetworkOrder.put32(b, ESP, c.spi());
                NetworkOrder.put32(b, ESP + 4, c.seq());
                System.arraycopy(HEX.parseHex(c.iv()), 0, b, ESP + 8, 16);
                byte[] payload = HEX.parseHex(c.payload());
                System.arraycopy(payload, 0, b, t.sealOffset(ESP), payload.length);
                int n = t.seal(b, ESP, payload.length, c.nextHeader(), 0);
                String packet = c.packet();
                assertEquals(packet.length() / 2 + 12, n, c.name());
                assertEquals(packet, HEX.formatHex(b, ESP, ESP + packet.length() / 2), c.name());
            }
        }
    }

    @Test
    void opensRfc3602Cases5To8() throws Exception {
        for (String key : List.of(CASES.get(0).key(), CASES.get(2).key())) {
            CbcHmacEsp t = opener(key);
            for (Case c : CASES) {
                if (!c.key().equals(key)) continue;
                byte[] packet = HEX.parseHex(c.packet());
                byte[] b = new byte[1024];
                System.arraycopy(packet, 0, b, ESP, packet.length);
                System.arraycopy(independentIcv(packet), 0, b, ESP + packet.length, 12);
                int n = t.open(b, ESP, packet.length + 12, 0);
                byte[] payload = HEX.parseHex(c.payload());
                assertEquals(payload.length, n, c.name());
                assertArrayEquals(payload, Arrays.copyOfRange(b, t.openedOffset(ESP), t.openedOffset(ESP) + n), c.name());
                assertEquals(c.nextHeader(), t.nextHeader());
            }
        }
    }

    private static byte[] independentIcv(byte[] packet) throws Exception {
        Mac m = Mac.getInstance("HmacSHA1");
        m.init(new SecretKeySpec(MAC_KEY, "HmacSHA1"));
        return Arrays.copyOf(m.doFinal(packet), 12);     // RFC 2404: HMAC-SHA-1-96, the leftmost 96 bits
    }

    @Test
    void chainedSealingEqualsTextbookCbcWithEachPacketsIv() throws Exception {
        Random r = new Random(7);
        for (EspCipher id : List.of(EspCipher.AES_CBC, EspCipher.TRIPLE_DES_CBC, EspCipher.DES_CBC)) {
            byte[] key = new byte[id == EspCipher.AES_CBC ? 32 : id == EspCipher.DES_CBC ? 8 : 24];
            r.nextBytes(key);
            byte[] ivKey = new byte[16];
            r.nextBytes(ivKey);
            CbcHmacEsp t = new CbcHmacEsp(id, key, IntegrityAlgorithm.HMAC_SHA2_256_128, new byte[32], false, true, ivKey, null);
            CbcHmacEsp rx = new CbcHmacEsp(id, key, IntegrityAlgorithm.HMAC_SHA2_256_128, new byte[32], false, false, null, null);
            String jca = id == EspCipher.AES_CBC ? "AES" : id == EspCipher.DES_CBC ? "DES" : "DESede";
            Set<String> ivs = new HashSet<>();
            for (long seq = 1; seq <= 50; seq++) {
                byte[] payload = new byte[r.nextInt(300)];
                r.nextBytes(payload);
                byte[] b = new byte[1024];
                NetworkOrder.put32(b, ESP, 0x1234);
                NetworkOrder.put32(b, ESP + 4, (int) seq);
                t.writeIv(b, ESP, seq);
                System.arraycopy(payload, 0, b, t.sealOffset(ESP), payload.length);
                int n = t.seal(b, ESP, payload.length, 6, 0);
                int block = t.ivLength();
                byte[] iv = Arrays.copyOfRange(b, ESP + 8, ESP + 8 + block);
                assertTrue(ivs.add(HEX.formatHex(iv)), "IVs never repeat");
                Cipher c = Cipher.getInstance(jca + "/CBC/NoPadding");
                c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, jca), new IvParameterSpec(iv));
                byte[] plain = c.doFinal(b, ESP + 8 + block, n - 8 - block - 16);
                assertArrayEquals(payload, Arrays.copyOf(plain, payload.length), id + " seq " + seq);
                assertEquals(payload.length, rx.open(b, ESP, n, 0), id + " seq " + seq);
                assertArrayEquals(payload, Arrays.copyOfRange(b, rx.openedOffset(ESP), rx.openedOffset(ESP) + payload.length));
            }
        }
    }

    @Test
    void paddingIsOneTwoThreeAndCheckedOnInput() {
        CbcHmacEsp t = new CbcHmacEsp(EspCipher.NULL, null, IntegrityAlgorithm.HMAC_SHA1_96, MAC_KEY, false, true, null, null);
        CbcHmacEsp rx = new CbcHmacEsp(EspCipher.NULL, null, IntegrityAlgorithm.HMAC_SHA1_96, MAC_KEY, false, false, null, null);
        byte[] b = new byte[256];
        int n = t.seal(b, ESP, 5, 17, 0);                 // 5 + 2 -> 8: one pad byte
        assertEquals("010111", HEX.formatHex(b, ESP + 8 + 5, ESP + 8 + 8));
        assertEquals(8 + 8 + 12, n);
        assertEquals(5, rx.open(b.clone(), ESP, n, 0));
        // A correctly authenticated packet whose padding is not 1, 2, 3... is refused (RFC 4303 §2.4).
        byte[] bad = new byte[256];
        int m = t.seal(bad, ESP, 2, 17, 0);                // 2 + 2 -> 4: no padding
        bad[ESP + 8] = 9;
        bad[ESP + 9] = 9;
        bad[ESP + 10] = 2;                                  // claims two pad bytes "09 09"
        Hmac h = new Hmac(IntegrityAlgorithm.HMAC_SHA1_96.hash(), MAC_KEY);
        byte[] icv = new byte[20];
        h.start();
        h.update(bad, ESP, 12);
        h.finish(icv, 0);
        System.arraycopy(icv, 0, bad, ESP + 12, 12);
        assertEquals(EspTransform.DECRYPTION_FAILED, rx.open(bad, ESP, m, 0));
    }

    @Test
    void esnHighBitsAreAuthenticatedAfterTheTrailer() throws Exception {
        CbcHmacEsp t = new CbcHmacEsp(EspCipher.NULL, null, IntegrityAlgorithm.HMAC_SHA1_96, MAC_KEY, true, true, null, null);
        byte[] b = new byte[256];
        NetworkOrder.put32(b, ESP, 0x1234);
        NetworkOrder.put32(b, ESP + 4, 7);
        int n = t.seal(b, ESP, 10, 4, 0x55);
        // RFC 4303 §2.2.1: ICV over SPI..Next Header followed by the (unsent) high-order 32 bits.
        Mac m = Mac.getInstance("HmacSHA1");
        m.init(new SecretKeySpec(MAC_KEY, "HmacSHA1"));
        m.update(b, ESP, n - 12);
        m.update(new byte[] {0, 0, 0, 0x55});
        assertEquals(HEX.formatHex(Arrays.copyOf(m.doFinal(), 12)), HEX.formatHex(b, ESP + n - 12, ESP + n));
        CbcHmacEsp rx = new CbcHmacEsp(EspCipher.NULL, null, IntegrityAlgorithm.HMAC_SHA1_96, MAC_KEY, true, false, null, null);
        assertEquals(EspTransform.AUTHENTICATION_FAILED, rx.open(b.clone(), ESP, n, 0x56));
        assertEquals(10, rx.open(b, ESP, n, 0x55));
    }

    /** RFC 3602 §4 gives these packets without an ICV: confidentiality-only ESP (as under AH) must equal them byte for byte. */
    @Test
    void sealsAndOpensRfc3602CasesExactlyWithoutIntegrity() {
        for (Case c : CASES) {
            CbcHmacEsp t = new CbcHmacEsp(EspCipher.AES_CBC, HEX.parseHex(c.key()), null, null, false, true, new byte[16], null);
            byte[] b = new byte[1024];
            NetworkOrder.put32(b, ESP, c.spi());
            NetworkOrder.put32(b, ESP + 4, c.seq());
            System.arraycopy(HEX.parseHex(c.iv()), 0, b, ESP + 8, 16);
            byte[] payload = HEX.parseHex(c.payload());
            System.arraycopy(payload, 0, b, t.sealOffset(ESP), payload.length);
            int n = t.seal(b, ESP, payload.length, c.nextHeader(), 0);
            assertEquals(0, t.icvLength(), c.name());
            assertEquals(c.packet(), HEX.formatHex(b, ESP, ESP + n), c.name());

            CbcHmacEsp rx = new CbcHmacEsp(EspCipher.AES_CBC, HEX.parseHex(c.key()), null, null, false, false, null, null);
            byte[] in = new byte[1024];
            byte[] packet = HEX.parseHex(c.packet());
            System.arraycopy(packet, 0, in, ESP, packet.length);
            assertEquals(payload.length, rx.open(in, ESP, packet.length, 0), c.name());
            assertArrayEquals(payload, Arrays.copyOfRange(in, rx.openedOffset(ESP), rx.openedOffset(ESP) + payload.length), c.name());
            assertEquals(c.nextHeader(), rx.nextHeader(), c.name());
        }
    }

    @Test
    void refusesEspWithNeitherEncryptionNorIntegrity() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new CbcHmacEsp(EspCipher.NULL, null, null, null, false, true, null, null));
    }
}
