package org.ikd.esp.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.esp.packet.AhHeader;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;

/**
 * RFC 4302 §3.3.3.1.1.1 and Appendix A1: which IPv4 fields and options the AH ICV covers. The
 * expected ICV is computed here by hand (copy, zero, {@code javax.crypto.Mac}), not by ikd.
 */
class AhTransformTest {
    private static final byte[] KEY = new byte[20];
    private static final int IP = 10;

    static {
        for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) (0xa0 + i);
    }

    /** IPv4 with options [Router Alert (148, immutable), NOP, Record Route (7, mutable)], AH, 16 payload bytes. */
    private static byte[] packet() {
        int ihl = 20 + 4 + 1 + 7;       // 32
        int ah = 12 + 12;
        byte[] b = new byte[IP + ihl + ah + 16];
        int total = ihl + ah + 16;
        b[IP] = (byte) (0x40 | ihl / 4);
        b[IP + 1] = 0x28;
        NetworkOrder.put16(b, IP + 2, total);
        NetworkOrder.put16(b, IP + 4, 0x1111);
        NetworkOrder.put16(b, IP + 6, 0x4000);
        b[IP + 8] = 64;
        b[IP + 9] = (byte) AhHeader.PROTOCOL;
        NetworkOrder.put32(b, IP + 12, 0xc6120001);
        NetworkOrder.put32(b, IP + 16, 0xc6120002);
        int o = IP + 20;
        b[o] = (byte) 148; b[o + 1] = 4; b[o + 2] = 0; b[o + 3] = 0;         // Router Alert
        b[o + 4] = 1;                                                       // NOP
        b[o + 5] = 7; b[o + 6] = 7; b[o + 7] = 4; NetworkOrder.put32(b, o + 8, 0x0a000001);   // Record Route
        new AhHeader().wrap(b, IP + ihl).write(17, ah, 0x4000, 9);
        for (int i = 0; i < 16; i++) b[IP + ihl + ah + i] = (byte) i;
        return b;
    }

    private static byte[] independentIcv(byte[] b) throws Exception {
        byte[] p = Arrays.copyOfRange(b, IP, b.length);
        p[1] = 0;                                     // TOS
        p[6] = 0; p[7] = 0;                           // flags + fragment offset
        p[8] = 0;                                     // TTL
        p[10] = 0; p[11] = 0;                         // header checksum
        Arrays.fill(p, 25, 32, (byte) 0);             // the whole Record Route option
        Arrays.fill(p, 32 + 12, 32 + 24, (byte) 0);   // the ICV field
        Mac m = Mac.getInstance("HmacSHA1");
        m.init(new SecretKeySpec(KEY, "HmacSHA1"));
        return Arrays.copyOf(m.doFinal(p), 12);
    }

    @Test
    void icvCoversImmutableFieldsAndOptionsOnly() throws Exception {
        byte[] b = packet();
        AhTransform t = new AhTransform(IntegrityAlgorithm.HMAC_SHA1_96, KEY, false);
        byte[] before = b.clone();
        t.seal(b, IP, b.length - IP, 0);
        assertArrayEquals(independentIcv(before), Arrays.copyOfRange(b, IP + 32 + 12, IP + 32 + 24));
        assertArrayEquals(Arrays.copyOf(before, IP + 44), Arrays.copyOf(b, IP + 44), "mutable fields are restored");
        assertTrue(t.open(b, IP, b.length - IP, 0));
    }

    @Test
    void routersMayChangeMutableFields() {
        byte[] b = packet();
        AhTransform t = new AhTransform(IntegrityAlgorithm.HMAC_SHA2_256_128, new byte[32], false);
        int total = b.length - IP + 4;
        byte[] big = Arrays.copyOf(b, b.length + 4);    // a 16-byte ICV: widen the AH header
        NetworkOrder.put16(big, IP + 2, total);
        new AhHeader().wrap(big, IP + 32).write(17, 28, 0x4000, 9);
        t.seal(big, IP, total, 0);
        big[IP + 1] = (byte) 0xb8;                      // DSCP rewritten
        big[IP + 8] = 12;                               // TTL decremented
        NetworkOrder.put16(big, IP + 6, 0);             // DF cleared
        NetworkOrder.put16(big, IP + 10, 0xbeef);       // checksum
        NetworkOrder.put32(big, IP + 28, 0x0a0000fe);   // Record Route filled in
        assertTrue(t.open(big, IP, total, 0));
    }

    @Test
    void changesToImmutableFieldsAreDetected() {
        AhTransform t = new AhTransform(IntegrityAlgorithm.HMAC_SHA1_96, KEY, false);
        int[] immutable = {IP + 4, IP + 12, IP + 19, IP + 21 /* Router Alert */, IP + 32 + 7 /* AH seq */, IP + 60};
        for (int at : immutable) {
            byte[] b = packet();
            t.seal(b, IP, b.length - IP, 0);
            b[at] ^= 1;
            assertFalse(t.open(b, IP, b.length - IP, 0), "byte " + (at - IP));
        }
    }

    @Test
    void sourceRouteDestinationIsPredicted() {
        byte[] b = new byte[64];
        b[0] = (byte) 131; b[1] = 11; b[2] = 4;          // LSRR with two addresses, the final one last
        NetworkOrder.put32(b, 3, 0x0a000001);
        NetworkOrder.put32(b, 7, 0xc6120002);
        assertEquals(0xc6120002L, AhTransform.zeroMutableOptions(b, 0, 12));
        for (int i = 0; i < 11; i++) assertEquals(0, b[i]);
    }

    @Test
    void esnHighBitsAreAuthenticatedButNotSent() {
        AhTransform t = new AhTransform(IntegrityAlgorithm.HMAC_MD5_96, new byte[16], true);
        byte[] b = packet();
        t.seal(b, IP, b.length - IP, 3);
        assertFalse(t.open(b, IP, b.length - IP, 4));
        assertTrue(t.open(b, IP, b.length - IP, 3));
    }
}
