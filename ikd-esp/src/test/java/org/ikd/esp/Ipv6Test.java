package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Suite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ESP with IPv6: tunnel (IPv6 outer, IPv6 inner) and transport between two IPv6 hosts. */
class Ipv6Test {
    private static final String A6 = "2001:db8::1";
    private static final String B6 = "2001:db8::2";

    static List<Suite> suites() {
        return List.of(Suite.esp(EspCipher.AES_GCM_16, 128, null, Mode.TUNNEL),
                Suite.esp(EspCipher.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128, Mode.TUNNEL),
                Suite.esp(EspCipher.AES_GCM_16, 256, null, Mode.TRANSPORT),
                Suite.esp(EspCipher.TRIPLE_DES_CBC, 192, IntegrityAlgorithm.HMAC_SHA1_96, Mode.TRANSPORT));
    }

    private static byte[] addr(String s) {
        return Subnet.parse(s).network().getAddress();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void ipv6PacketsRoundTrip(Suite s) {
        boolean tunnel = s.mode() == Mode.TUNNEL;
        Selector sel = tunnel ? Selector.between(Subnet.parse("2001:db8:a::/64"), Subnet.parse("2001:db8:b::/64"))
                : Selector.between(Subnet.parse(A6), Subnet.parse(B6));
        DataPlane a = new DataPlane(DataPlaneConfig.defaults(), () -> 0);
        DataPlane b = new DataPlane(DataPlaneConfig.defaults(), () -> 0);
        a.install(new IpsecSaPair(1, "r", Fixtures.bundle(s, Direction.INBOUND, 0x2100, 0x2180, B6, A6, sel.mirror()),
                Fixtures.bundle(s, Direction.OUTBOUND, 0x2000, 0x2080, A6, B6, sel)));
        IpsecSaBundle in = Fixtures.bundle(s, Direction.INBOUND, 0x2000, 0x2080, A6, B6, sel);
        b.install(new IpsecSaPair(1, "r", in, Fixtures.bundle(s, Direction.OUTBOUND, 0x2100, 0x2180, B6, A6, sel.mirror())));
        a.replaceSpd(Fixtures.negotiateSpd("r", sel));
        byte[] inner = tunnel ? Packets.udp6(addr("2001:db8:a::5"), addr("2001:db8:b::9"), 7, 9, 333)
                : Packets.udp6(addr(A6), addr(B6), 7, 9, 333);
        PacketBuffer pa = a.newPacketBuffer();
        System.arraycopy(inner, 0, pa.array(), PacketBuffer.HEADROOM, inner.length);
        pa.loadIp(inner.length);
        assertEquals(Verdict.TRANSMIT, a.outbound(pa), () -> String.valueOf(pa.dropReason()));
        byte[] wire = java.util.Arrays.copyOfRange(pa.array(), pa.offset(), pa.offset() + pa.length());
        assertEquals(0x60, wire[0] & 0xf0);
        assertEquals(50, wire[6], "next header ESP");
        assertArrayEquals(addr(B6), java.util.Arrays.copyOfRange(wire, 24, 40));
        PacketBuffer pb = b.newPacketBuffer();
        System.arraycopy(wire, 0, pb.array(), PacketBuffer.HEADROOM, wire.length);
        pb.loadIp(wire.length);
        assertEquals(Verdict.DELIVER, b.inbound(pb), () -> String.valueOf(pb.dropReason()));
        assertArrayEquals(inner, java.util.Arrays.copyOfRange(pb.array(), pb.offset(), pb.offset() + pb.length()));
    }
}
