package org.ikd.esp.transform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.junit.jupiter.api.Test;

/** RFC 2104 HMAC against RFC 2202 (MD5, SHA-1), RFC 4231 (SHA-2) and RFC 4868 §2.7.2 (truncated forms). */
class HmacTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hmac(HashAlgorithm h, byte[] key, byte[] data) {
        Hmac m = new Hmac(h, key);
        byte[] out = new byte[m.length()];
        m.start();
        m.update(data, 0, data.length);
        m.finish(out, 0);
        return HEX.formatHex(out);
    }

    private static byte[] fill(int n, int b) {
        byte[] k = new byte[n];
        Arrays.fill(k, (byte) b);
        return k;
    }

    private static final byte[] HI_THERE = "Hi There".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JEFE = "Jefe".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] WHAT = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LARGE_KEY_TEXT = "Test Using Larger Than Block-Size Key - Hash Key First".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesRfc2202HmacMd5() {
        assertEquals("9294727a3638bb1c13f48ef8158bfc9d", hmac(HashAlgorithm.MD5, fill(16, 0x0b), HI_THERE));   // case 1
        assertEquals("750c783e6ab0b503eaa86e310a5db738", hmac(HashAlgorithm.MD5, JEFE, WHAT));                // case 2
    }

    @Test
    void matchesRfc2202HmacSha1() {
        assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", hmac(HashAlgorithm.SHA1, fill(20, 0x0b), HI_THERE));
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79", hmac(HashAlgorithm.SHA1, JEFE, WHAT));
    }

    @Test
    void matchesRfc4231Sha2() {
        // Test case 1: key = 0x0b x 20, "Hi There"
        assertEquals("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
                hmac(HashAlgorithm.SHA2_256, fill(20, 0x0b), HI_THERE));
        assertEquals("afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6",
                hmac(HashAlgorithm.SHA2_384, fill(20, 0x0b), HI_THERE));
        assertEquals("87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4"
                + "be9d914eeb61f1702e696c203a126854", hmac(HashAlgorithm.SHA2_512, fill(20, 0x0b), HI_THERE));
        // Test case 2: "Jefe"
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", hmac(HashAlgorithm.SHA2_256, JEFE, WHAT));
        // Test case 6: a 131-byte key is hashed first (RFC 2104 §2)
        assertEquals("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                hmac(HashAlgorithm.SHA2_256, fill(131, 0xaa), LARGE_KEY_TEXT));
        assertEquals("4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952",
                hmac(HashAlgorithm.SHA2_384, fill(131, 0xaa), LARGE_KEY_TEXT));
        assertEquals("80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e52"
                + "95e64f73f63f0aec8b915a985d786598", hmac(HashAlgorithm.SHA2_512, fill(131, 0xaa), LARGE_KEY_TEXT));
    }

    @Test
    void truncatesAsRfc4868Section272() {
        // RFC 4868 §2.7.2.1 test case 1: 32-byte key 0x0b, "Hi There"; AUTH-HMAC-SHA-256-128 = leftmost 128 bits
        String full = hmac(IntegrityAlgorithm.HMAC_SHA2_256_128.hash(), fill(32, 0x0b), HI_THERE);
        assertEquals("198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7", full);
        assertEquals("198a607eb44bfbc69903a0f1cf2bbdc5", full.substring(0, IntegrityAlgorithm.HMAC_SHA2_256_128.icvLength() * 2));
        // test case 2: key "Jefe" x 8
        byte[] jefe32 = new byte[32];
        for (int i = 0; i < 32; i++) jefe32[i] = JEFE[i % 4];
        assertEquals("167f928588c5cc2eef8e3093caa0e87c9ff566a14794aa61648d81621a2a40c6",
                hmac(HashAlgorithm.SHA2_256, jefe32, WHAT));
    }

    @Test
    void isReusableAcrossMessages() {
        Hmac m = new Hmac(HashAlgorithm.SHA1, fill(20, 0x0b));
        byte[] out = new byte[20];
        for (int i = 0; i < 3; i++) {
            m.start();
            m.update(HI_THERE, 0, 3);
            m.update(HI_THERE, 3, HI_THERE.length - 3);
            m.finish(out, 0);
            assertEquals("b617318655057264e28bc0b6fb378c8ef146be00", HEX.formatHex(out));
        }
    }
}
