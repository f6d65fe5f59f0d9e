package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AH over IPv6 through the whole data plane (RFC 4302 §3.1.1 placement, §3.3.3.1.2 ICV), A = 2001:2::1,
 * B = 2001:2::2. The ICV on the wire is recomputed here with {@code javax.crypto.Mac} over the bytes
 * the RFC names, with the mutable ones zeroed by hand.
 */
class Ipv6AhTest {
    private static final int SPI_BASE = 0x3000;
    /** A's outbound AH SPI (Fixtures: base + 0x80) and its key seed (SPI + 1). */
    private static final int AH_SPI = SPI_BASE + 0x80;

    static List<Suite> suites() {
        return List.of(Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT),
                Suite.ah(IntegrityAlgorithm.HMAC_SHA2_256_128, Mode.TRANSPORT),
                Suite.ah(IntegrityAlgorithm.HMAC_SHA2_384_192, Mode.TUNNEL),
                Suite.ah(IntegrityAlgorithm.HMAC_SHA2_512_256, Mode.TUNNEL).withEsn(),
                Suite.ah(IntegrityAlgorithm.HMAC_MD5_96, Mode.TUNNEL));
    }

    private static byte[] addr(String s) {
        return Fixtures.ip(s).getAddress();
    }

    private static byte[] inner(Suite s) {
        return s.mode() == Mode.TUNNEL ? Packets.udp6(addr("2001:2:a::5"), addr("2001:2:b::9"), 7, 9, 333)
                : Packets.udp6(addr(Fixtures.A6), addr(Fixtures.B6), 7, 9, 333);
    }

    /** RFC 4302 §2.2: (ICV + 12) rounded up to 8 octets for IPv6. */
    private static int ahLength(IntegrityAlgorithm i) {
        return (12 + i.icvLength() + 7) / 8 * 8;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void ahPacketsRoundTripWithAnIcvOverTheRfcFields(Suite s) throws Exception {
        Link link = new Link(s, SPI_BASE, true);
        byte[] inner = inner(s);
        assertEquals(Verdict.TRANSMIT, link.send(inner), () -> String.valueOf(link.pa.dropReason()));
        byte[] wire = link.wire();
        int ah = 40;
        assertEquals(51, wire[6], "AH follows the (outer) IPv6 header");
        assertArrayEquals(addr(Fixtures.B6), Arrays.copyOfRange(wire, 24, 40));
        assertEquals(s.mode() == Mode.TUNNEL ? 41 : 17, wire[ah], "AH's next header");
        assertEquals(ahLength(s.integrity()) / 4 - 2, wire[ah + 1], "AH Payload Len");
        assertEquals(AH_SPI, NetworkOrder.i32(wire, ah + 4));
        assertEquals(1, NetworkOrder.i32(wire, ah + 8), "first sequence number");
        assertEquals(wire.length - 40, NetworkOrder.u16(wire, 4), "payload length");
        byte[] expected = Arrays.copyOfRange(wire, 0, wire.length);
        zeroBaseMutableFields(expected);
        Arrays.fill(expected, ah + 12, ah + 12 + s.integrity().icvLength(), (byte) 0);
        assertArrayEquals(hmac(s, expected), Arrays.copyOfRange(wire, ah + 12, ah + 12 + s.integrity().icvLength()));
        assertEquals(Verdict.DELIVER, link.receive(wire, Encapsulation.IP), () -> String.valueOf(link.pb.dropReason()));
        assertArrayEquals(inner, link.delivered());
    }

    /**
     * RFC 4302 §3.1.1 / RFC 8200 §4.1: AH after Hop-by-Hop, before the Destination Options for the
     * final destination; the Hop-by-Hop header's "may change" option counts as zeros (§3.3.3.1.2.2).
     */
    @Test
    void ahGoesAfterHopByHopAndBeforeFinalDestinationOptions() throws Exception {
        Suite s = Suite.ah(IntegrityAlgorithm.HMAC_SHA2_256_128, Mode.TRANSPORT);
        Link link = new Link(s, SPI_BASE, true);
        byte[] inner = HexFormat.of().parseHex("6b812345" + "0028" + "00" + "40"
                + "20010002000000000000000000000001" + "20010002000000000000000000000002"
                + "3c00" + "3e04cafebabe"                                  // HbH (NH=DO): experimental option 0x3e
                + "1100" + "010400000000"                                 // Destination Options (NH=UDP): PadN
                + "0007000900180000" + "00".repeat(16));                  // UDP, 24 bytes
        assertEquals(Verdict.TRANSMIT, link.send(inner), () -> String.valueOf(link.pa.dropReason()));
        byte[] wire = link.wire();
        assertEquals(0, wire[6]);
        assertEquals(51, wire[40], "the Hop-by-Hop header now names AH");
        int ah = 48;
        assertEquals(60, wire[ah], "AH names the Destination Options");
        assertEquals(32, (wire[ah + 1] + 2) * 4);
        assertArrayEquals(Arrays.copyOfRange(inner, 48, inner.length), Arrays.copyOfRange(wire, ah + 32, wire.length));
        byte[] expected = wire.clone();
        zeroBaseMutableFields(expected);
        Arrays.fill(expected, 44, 48, (byte) 0);                          // option 0x3e's data
        Arrays.fill(expected, ah + 12, ah + 28, (byte) 0);                // the ICV; its padding stays
        assertArrayEquals(hmac(s, expected), Arrays.copyOfRange(wire, ah + 12, ah + 28));
        wire[7] = 3;                                                      // what routers may change
        wire[3] = 0x77;
        wire[45] = 0x12;
        assertEquals(Verdict.DELIVER, link.receive(wire, Encapsulation.IP), () -> String.valueOf(link.pb.dropReason()));
        byte[] delivered = link.delivered();
        delivered[7] = 0x40;
        delivered[3] = 0x45;
        delivered[45] = (byte) 0xfe;
        assertArrayEquals(inner, delivered, "the packet without AH");
    }

    /**
     * A tunnel-mode packet sealed here, not by ikd: a Hop-by-Hop header (option 0x3e, change bit set)
     * between the outer header and AH, the ICV computed with {@code javax.crypto.Mac} over the RFC's
     * bytes. ikd finds AH behind it, verifies, strips the outer header and delivers the inner packet;
     * a router may then change the option's data and the hop limit.
     */
    @Test
    void acceptsATunnelPacketWithHopByHopSealedOutsideIkd() throws Exception {
        Suite s = Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TUNNEL).withWindow(0);
        Link link = new Link(s, SPI_BASE, true);
        byte[] inner = inner(s);
        assertEquals(Verdict.TRANSMIT, link.send(inner));
        byte[] ikdWire = link.wire();
        byte[] wire = new byte[ikdWire.length + 8];
        System.arraycopy(ikdWire, 0, wire, 0, 40);
        NetworkOrder.put16(wire, 4, ikdWire.length - 40 + 8);
        wire[6] = 0;                                                      // Hop-by-Hop first
        System.arraycopy(HexFormat.of().parseHex("3300" + "3e0412345678"), 0, wire, 40, 8);
        System.arraycopy(ikdWire, 40, wire, 48, ikdWire.length - 40);     // AH and the inner packet
        Arrays.fill(wire, 48 + 12, 48 + 24, (byte) 0);
        wire[1] = 0x0a;                                                   // flow label: ignored by the ICV
        byte[] covered = wire.clone();
        zeroBaseMutableFields(covered);
        Arrays.fill(covered, 44, 48, (byte) 0);
        System.arraycopy(hmac(s, covered), 0, wire, 48 + 12, 12);
        assertEquals(Verdict.DELIVER, link.receive(wire, Encapsulation.IP), () -> String.valueOf(link.pb.dropReason()));
        assertArrayEquals(inner, link.delivered());
        wire[46] = 0x55;
        wire[7] = 9;
        assertEquals(Verdict.DELIVER, link.receive(wire, Encapsulation.IP), () -> String.valueOf(link.pb.dropReason()));
        wire[43] = 3;                                                     // the option's length is covered
        assertEquals(Verdict.DROP, link.receive(wire, Encapsulation.IP));
    }

    @Test
    void tamperedImmutableByteIsCountedAsAuthenticationFailure() {
        Link link = new Link(Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT), SPI_BASE, true);
        link.send(inner(Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT)));
        byte[] wire = link.wire();
        wire[wire.length - 1] ^= 1;
        assertEquals(Verdict.DROP, link.receive(wire, Encapsulation.IP));
        assertEquals(DropReason.AUTHENTICATION_FAILED, link.pb.dropReason());
        assertEquals(1L, link.b.statistics().statistics().get(IpsecStatistic.PACKETS_NOT_AUTHENTICATED));
    }

    /** RFC 4302 §3.3.2: AH is applied before fragmentation; a packet already cut is refused and counted. */
    @Test
    void innerFragmentIsRefusedInTransportMode() {
        Link link = new Link(Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT), SPI_BASE, true);
        byte[] frag = HexFormat.of().parseHex("60000000" + "0018" + "2c" + "40"
                + "20010002000000000000000000000001" + "20010002000000000000000000000002"
                + "1100000100000042" + "0007000900100000" + "00".repeat(8));  // Fragment: offset 0, M=1
        assertEquals(Verdict.DROP, link.send(frag));
        assertEquals(DropReason.UNSUPPORTED, link.pa.dropReason());
    }

    @Test
    void outerFragmentIsDropped() {
        Link link = new Link(Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT), SPI_BASE, true);
        byte[] frag = HexFormat.of().parseHex("60000000" + "0020" + "2c" + "40"
                + "20010002000000000000000000000001" + "20010002000000000000000000000002"
                + "3300000100000042" + "00".repeat(24));
        assertEquals(Verdict.DROP, link.receive(frag, Encapsulation.IP));
        assertEquals(DropReason.FRAGMENT, link.pb.dropReason());
    }

    /** RFC 4301 §4.5 transport adjacency (as over IPv4): ESP inside, AH outside, over IPv6. */
    @Test
    void ahOverEspBundleRoundTrips() {
        for (Mode m : Mode.values()) {
            Suite s = Suite.ahOverEncryptionOnly(IntegrityAlgorithm.HMAC_SHA2_256_128, EspCipher.AES_CBC, 128, m);
            Link link = new Link(s, SPI_BASE, true);
            byte[] inner = inner(s);
            assertEquals(Verdict.TRANSMIT, link.send(inner), () -> String.valueOf(link.pa.dropReason()));
            byte[] wire = link.wire();
            assertEquals(51, wire[6]);
            assertEquals(50, wire[40], "ESP inside AH");
            assertEquals(Verdict.DELIVER, link.receive(wire, Encapsulation.IP), () -> m + " " + link.pb.dropReason());
            assertArrayEquals(inner, link.delivered());
        }
    }

    /**
     * Hostile input: 20,000 corruptions (seeded) of an AH packet behind Hop-by-Hop and Destination
     * Options headers — a byte changed, the packet cut, a header length byte set to anything. Each
     * is dropped and counted, or delivered only if no byte the ICV covers changed; nothing throws.
     */
    @Test
    void corruptedPacketsAreDroppedAndCountedNeverThrown() {
        Suite s = Suite.ah(IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT).withWindow(0);
        Link link = new Link(s, SPI_BASE, true);
        byte[] inner = HexFormat.of().parseHex("60000000" + "0028" + "00" + "40"
                + "20010002000000000000000000000001" + "20010002000000000000000000000002"
                + "3c00" + "3e04cafebabe" + "1100" + "010400000000" + "0007000900180000" + "00".repeat(16));
        assertEquals(Verdict.TRANSMIT, link.send(inner));
        byte[] wire = link.wire();
        java.util.Random random = new java.util.Random(0x5eed);
        int dropped = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bad = wire.clone();
            int length = bad.length;
            switch (i % 3) {
                case 0 -> bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
                case 1 -> length = random.nextInt(bad.length);
                default -> bad[new int[] {41, 43, 49, 73}[random.nextInt(4)]] = (byte) random.nextInt(256);   // HbH, 0x3e, AH, DO lengths
            }
            Verdict v = link.receive(Arrays.copyOf(bad, length), Encapsulation.IP);
            if (v == Verdict.DROP) dropped++;
            boolean covered = length < wire.length;
            for (int j = 0; j < wire.length; j++) covered |= bad[j] != wire[j] && !mutable(j, bad[j] ^ wire[j]);
            if (covered) assertEquals(Verdict.DROP, v, () -> "a change the ICV covers got through: " + HexFormat.of().formatHex(bad));
            else assertEquals(Verdict.DELIVER, v, "only mutable bytes changed");
        }
        long counted = link.b.statistics().drops().values().stream().mapToLong(Long::longValue).sum();
        assertEquals(dropped, counted, "every drop counted");
        assertEquals(true, dropped > 13_334, "at least every cut and length change dropped: " + dropped);
    }

    /** Traffic Class, Flow Label, Hop Limit (not the version nibble), option 0x3e's data at 44..47. */
    private static boolean mutable(int at, int xor) {
        return at == 0 ? (xor & 0xf0) == 0 : at == 1 || at == 2 || at == 3 || at == 7 || at >= 44 && at < 48;
    }

    /** RFC 4302 §3.3.3.1.2.1: Traffic Class, Flow Label, Hop Limit. */
    private static void zeroBaseMutableFields(byte[] p) {
        p[0] &= (byte) 0xf0;
        p[1] = 0;
        p[2] = 0;
        p[3] = 0;
        p[7] = 0;
    }

    private static byte[] hmac(Suite s, byte[] covered) throws Exception {
        String name = switch (s.integrity()) {
            case HMAC_MD5_96 -> "HmacMD5";
            case HMAC_SHA1_96 -> "HmacSHA1";
            case HMAC_SHA2_256_128 -> "HmacSHA256";
            case HMAC_SHA2_384_192 -> "HmacSHA384";
            case HMAC_SHA2_512_256 -> "HmacSHA512";
        };
        Mac m = Mac.getInstance(name);
        m.init(new SecretKeySpec(Fixtures.key(s.integrity().keyLength(), AH_SPI + 1), name));
        m.update(covered);
        if (s.esn()) m.update(new byte[4]);                               // RFC 4302 §3.3.3.2: high-order bits, 0 here
        return Arrays.copyOf(m.doFinal(), s.integrity().icvLength());
    }
}
