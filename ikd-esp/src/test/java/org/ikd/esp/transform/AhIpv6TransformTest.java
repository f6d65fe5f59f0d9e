package org.ikd.esp.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.junit.jupiter.api.Test;

/**
 * RFC 4302 §3.3.3.1.2: which IPv6 fields and extension header bytes the AH ICV covers. The packet
 * is written out byte by byte below; the expected ICV is computed here (copy, zero the fields the
 * RFC names, {@code javax.crypto.Mac}), not by ikd.
 */
class AhIpv6TransformTest {
    private static final byte[] KEY = new byte[32];
    private static final int IP = 8;
    /** Offsets inside the packet below. */
    private static final int HOP_BY_HOP = 40;
    private static final int EXPERIMENT_DATA = HOP_BY_HOP + 8;      // the 4 data bytes of option 0x3e
    private static final int ROUTER_ALERT_DATA = HOP_BY_HOP + 4;
    private static final int AH = HOP_BY_HOP + 16;
    private static final int ICV = AH + 12;
    private static final int PAYLOAD = AH + 32;

    static {
        for (int i = 0; i < KEY.length; i++) KEY[i] = (byte) (0x40 + i);
    }

    /**
     * IPv6 (traffic class 0xb8, flow label 0x12345, hop limit 61), 2001:2::1 -> 2001:2::2; a Hop-by-Hop
     * header with Router Alert (type 0x05: change bit clear, RFC 2711), an RFC 4727 experimental option
     * 0x3e (change bit set), Pad1 and PadN; AH (HMAC-SHA-256-128: 16-byte ICV + 4 bytes of padding =
     * 32 bytes, Payload Len 6, RFC 4302 §2.2); 16 bytes of UDP.
     */
    static byte[] packet() {
        String hex = "6b812345" + "0040" + "00" + "3d"                 // ver 6, TC b8, flow 12345, len 64, HbH, hop 61
                + "20010002000000000000000000000001"
                + "20010002000000000000000000000002"
                + "3301" + "05020000" + "3e04cafebabe" + "00" + "010100"   // NH=AH, 16 bytes: RA, 0x3e, Pad1, PadN
                + "1106" + "0000" + "00004a06" + "00000007"           // AH: NH=UDP, Payload Len 6, SPI, seq 7
                + "00000000000000000000000000000000" + "00000000"       // ICV (to be written) + padding
                + "0007000900100000" + "0001020304050607";             // UDP 7 -> 9, length 16, 8 bytes
        byte[] p = HexFormat.of().parseHex(hex);
        byte[] b = new byte[IP + p.length];
        System.arraycopy(p, 0, b, IP, p.length);
        return b;
    }

    private static int total(byte[] b) {
        return b.length - IP;
    }

    private static byte[] independentIcv(byte[] b) throws Exception {
        byte[] p = Arrays.copyOfRange(b, IP, b.length);
        p[0] = 0x60;                                  // traffic class (high nibble) zeroed, version kept
        p[1] = 0;                                     // traffic class (low nibble), flow label
        p[2] = 0;
        p[3] = 0;
        p[7] = 0;                                     // hop limit
        Arrays.fill(p, EXPERIMENT_DATA, EXPERIMENT_DATA + 4, (byte) 0);   // option 0x3e's data; its type and length stay
        Arrays.fill(p, ICV, ICV + 16, (byte) 0);      // the ICV; the 4 padding bytes stay as sent
        Mac m = Mac.getInstance("HmacSHA256");
        m.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return Arrays.copyOf(m.doFinal(p), 16);
    }

    private static AhTransform sha256() {
        return new AhTransform(IntegrityAlgorithm.HMAC_SHA2_256_128, KEY, false, true);
    }

    @Test
    void icvCoversImmutableFieldsAndOptionDataThatCannotChange() throws Exception {
        byte[] b = packet();
        byte[] before = b.clone();
        AhTransform t = sha256();
        assertTrue(t.seal6(b, IP, total(b), IP + AH, 0));
        assertArrayEquals(independentIcv(before), Arrays.copyOfRange(b, IP + ICV, IP + ICV + 16));
        assertArrayEquals(Arrays.copyOf(before, IP + ICV), Arrays.copyOf(b, IP + ICV), "nothing before the ICV changes");
        assertArrayEquals(new byte[4], Arrays.copyOfRange(b, IP + ICV + 16, IP + PAYLOAD), "zero padding");
        assertTrue(t.open6(b, IP, total(b), IP + AH, 0));
    }

    @Test
    void icvWithFourByteAlignedHmacSha1NeedsNoPadding() throws Exception {
        byte[] key = Arrays.copyOf(KEY, 20);
        AhTransform t = new AhTransform(IntegrityAlgorithm.HMAC_SHA1_96, key, false, true);
        assertEquals(24, t.headerLength());
        byte[] b = packet();
        byte[] shorter = new byte[b.length - 8];                         // AH of 24 bytes: Payload Len 4
        System.arraycopy(b, 0, shorter, 0, IP + AH + 24);
        System.arraycopy(b, IP + PAYLOAD, shorter, IP + AH + 24, 16);
        shorter[IP + 5] = 56;
        shorter[IP + AH + 1] = 4;
        byte[] expected = Arrays.copyOfRange(shorter, IP, shorter.length);
        expected[0] = 0x60;
        expected[1] = expected[2] = expected[3] = expected[7] = 0;
        Arrays.fill(expected, EXPERIMENT_DATA, EXPERIMENT_DATA + 4, (byte) 0);
        Mac m = Mac.getInstance("HmacSHA1");
        m.init(new SecretKeySpec(key, "HmacSHA1"));
        byte[] icv = Arrays.copyOf(m.doFinal(expected), 12);
        assertTrue(t.seal6(shorter, IP, shorter.length - IP, IP + AH, 0));
        assertArrayEquals(icv, Arrays.copyOfRange(shorter, IP + ICV, IP + ICV + 12));
    }

    /** RFC 4302 §2.2: IPv6 AH lengths are multiples of 8 octets, IPv4 ones of 4. */
    @Test
    void ipv6HeaderLengthsArePaddedToEightOctets() {
        int[] v6 = {24, 24, 32, 40, 48};
        int[] v4 = {24, 24, 28, 36, 44};
        IntegrityAlgorithm[] all = {IntegrityAlgorithm.HMAC_MD5_96, IntegrityAlgorithm.HMAC_SHA1_96,
                IntegrityAlgorithm.HMAC_SHA2_256_128, IntegrityAlgorithm.HMAC_SHA2_384_192, IntegrityAlgorithm.HMAC_SHA2_512_256};
        for (int i = 0; i < all.length; i++) {
            byte[] key = new byte[all[i].keyLength()];
            assertEquals(v6[i], new AhTransform(all[i], key, false, true).headerLength(), all[i].keyword());
            assertEquals(v4[i], new AhTransform(all[i], key, false).headerLength(), all[i].keyword());
        }
    }

    @Test
    void routersMayChangeMutableFields() {
        byte[] b = packet();
        AhTransform t = sha256();
        t.seal6(b, IP, total(b), IP + AH, 0);
        b[IP] = 0x60;                                  // traffic class rewritten (DSCP, ECN)
        b[IP + 1] = (byte) 0x0f;                       // and flow label changed
        b[IP + 3] = 0x55;
        b[IP + 7] = 1;                                 // hop limit decremented
        b[IP + EXPERIMENT_DATA + 2] = 0x11;            // option 0x3e's data changed en route
        assertTrue(t.open6(b, IP, total(b), IP + AH, 0));
    }

    @Test
    void changesToImmutableFieldsAreDetected() {
        AhTransform t = sha256();
        int[] immutable = {4, 5, 6, 8, 23, 24, 39, HOP_BY_HOP, HOP_BY_HOP + 1, HOP_BY_HOP + 2 /* RA type */,
                ROUTER_ALERT_DATA + 1, HOP_BY_HOP + 6 /* 0x3e type */, HOP_BY_HOP + 12 /* Pad1 */, AH + 4, AH + 11,
                ICV + 17 /* padding */, PAYLOAD, PAYLOAD + 15};
        for (int at : immutable) {
            byte[] b = packet();
            t.seal6(b, IP, total(b), IP + AH, 0);
            b[IP + at] ^= 0x01;
            assertFalse(t.open6(b, IP, total(b), IP + AH, 0), "byte " + at);
        }
    }

    @Test
    void theVersionNibbleIsCovered() {
        byte[] b = packet();
        AhTransform t = sha256();
        t.seal6(b, IP, total(b), IP + AH, 0);
        b[IP] ^= 0x10;
        assertFalse(t.open6(b, IP, total(b), IP + AH, 0));
    }

    /** RFC 4302 §3.3.3.1.2.2: a Routing header counts as the receiver sees it; only Segments Left 0 is that. */
    @Test
    void routingHeaderIsCoveredOnceNoSegmentsAreLeft() {
        byte[] b = withRoutingHeader(0);
        AhTransform t = sha256();
        int ah = IP + 40 + 24;
        assertTrue(t.seal6(b, IP, b.length - IP, ah, 0));
        assertTrue(t.open6(b, IP, b.length - IP, ah, 0));
        b[IP + 40 + 20] ^= 1;                          // an address in the route
        assertFalse(t.open6(b, IP, b.length - IP, ah, 0));
        byte[] left = withRoutingHeader(1);
        assertFalse(t.seal6(left, IP, left.length - IP, ah, 0), "segments left: refused");
    }

    /** IPv6, a type 2 Routing header (RFC 6275 §6.4: one address) with {@code segmentsLeft}, AH (SHA-256), 8 bytes. */
    private static byte[] withRoutingHeader(int segmentsLeft) {
        String hex = "60000000" + "0040" + "2b" + "40"
                + "20010002000000000000000000000001" + "20010002000000000000000000000002"
                + "3302" + "02" + String.format("%02x", segmentsLeft) + "00000000" + "20010002000000000000000000000003"
                + "3b06" + "0000" + "00004a06" + "00000001" + "00".repeat(20)
                + "0001020304050607";
        byte[] p = HexFormat.of().parseHex(hex);
        byte[] b = new byte[IP + p.length];
        System.arraycopy(p, 0, b, IP, p.length);
        return b;
    }

    @Test
    void fragmentHeaderBeforeAhIsRefused() {
        byte[] b = packet();
        b[IP + 6] = 44;                                // the Hop-by-Hop header now reads as a Fragment header
        assertFalse(sha256().seal6(b, IP, total(b), IP + AH, 0));
    }

    @Test
    void optionRunningPastItsHeaderIsRefused() {
        byte[] b = packet();
        b[IP + HOP_BY_HOP + 7] = 9;                    // option 0x3e claims 9 data bytes, 6 remain
        AhTransform t = sha256();
        assertFalse(t.seal6(b, IP, total(b), IP + AH, 0));
        assertFalse(t.open6(b, IP, total(b), IP + AH, 0));
    }

    @Test
    void esnHighBitsAreAuthenticatedButNotSent() {
        AhTransform t = new AhTransform(IntegrityAlgorithm.HMAC_SHA2_256_128, KEY, true, true);
        byte[] b = packet();
        t.seal6(b, IP, total(b), IP + AH, 3);
        assertFalse(t.open6(b, IP, total(b), IP + AH, 4));
        assertTrue(t.open6(b, IP, total(b), IP + AH, 3));
    }
}
