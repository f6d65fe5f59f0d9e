package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;
import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;

/**
 * RFC 3948 §3.1.2 transport mode behind a NAT: host A (inside the NAT, 198.19.200.1, public 198.18.0.1 after
 * the NAT) sends TCP to B (198.18.0.2). A's TCP checksum covers 198.19.200.1; B sees the packet come
 * from 198.18.0.1 and must fix the checksum with NAT-OA, or recompute it without NAT-OA.
 */
class NatTraversalTest {
    private static final String PRIVATE_A = "198.19.200.1";
    private static final String PUBLIC_A = "198.18.0.1";
    private static final String B = "198.18.0.2";

    private static IpsecSaSpec sa(Direction d, String from, String to, NatTraversal nat) {
        Selector sel = Selector.between(Subnet.parse(from), Subnet.parse(to));
        return new IpsecSaSpec(new Spi(0x3000), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_CBC, 128,
                IntegrityAlgorithm.HMAC_SHA1_96, Secret.of(Fixtures.key(16, 1)), Secret.of(Fixtures.key(20, 2)),
                Fixtures.ip(from), Fixtures.ip(to), sel, SaLifetime.UNLIMITED, nat, false, 128);
    }

    private static IpsecSaSpec reverse(Direction d, String from, String to) {
        Selector sel = Selector.between(Subnet.parse(from), Subnet.parse(to));
        return new IpsecSaSpec(new Spi(0x3100), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_CBC, 128,
                IntegrityAlgorithm.HMAC_SHA1_96, Secret.of(Fixtures.key(16, 3)), Secret.of(Fixtures.key(20, 4)),
                Fixtures.ip(from), Fixtures.ip(to), sel, SaLifetime.UNLIMITED, new NatTraversal(4500, 4500, null, null), false, 128);
    }

    private static byte[] deliverThroughNat(NatTraversal bSeesNat) {
        DataPlane a = new DataPlane(DataPlaneConfig.defaults(), () -> 0);
        DataPlane b = new DataPlane(DataPlaneConfig.defaults(), () -> 0);
        NatTraversal aNat = new NatTraversal(4500, 4500, null, null);
        a.install(new IpsecSaPair(1, "r", IpsecSaBundle.of(reverse(Direction.INBOUND, B, PRIVATE_A)),
                IpsecSaBundle.of(sa(Direction.OUTBOUND, PRIVATE_A, B, aNat))));
        a.replaceSpd(Fixtures.negotiateSpd("r", Selector.between(Subnet.parse(PRIVATE_A), Subnet.parse(B))));
        b.install(new IpsecSaPair(1, "r", IpsecSaBundle.of(sa(Direction.INBOUND, PUBLIC_A, B, bSeesNat)),
                IpsecSaBundle.of(reverse(Direction.OUTBOUND, B, PUBLIC_A))));
        PacketBuffer pa = a.newPacketBuffer();
        byte[] tcp = Packets.tcp(PRIVATE_A, B, 40000, 22, 100);
        System.arraycopy(tcp, 0, pa.array(), PacketBuffer.HEADROOM, tcp.length);
        pa.loadIp(tcp.length);
        assertEquals(Verdict.TRANSMIT, a.outbound(pa));
        assertEquals(Encapsulation.UDP, pa.encapsulation());
        assertEquals(4500, pa.peerPort());
        PacketBuffer pb = b.newPacketBuffer();
        System.arraycopy(pa.array(), pa.offset(), pb.array(), PacketBuffer.HEADROOM, pa.length());
        pb.loadUdp(pa.length());
        assertEquals(Verdict.DELIVER, b.inbound(pb), () -> String.valueOf(pb.dropReason()));
        return java.util.Arrays.copyOfRange(pb.array(), pb.offset(), pb.offset() + pb.length());
    }

    private static void assertTcpChecksumValid(byte[] p) {
        assertEquals(Packets.v4(PUBLIC_A), NetworkOrder.i32(p, 12));
        int sum = InternetChecksum.fold(InternetChecksum.sum(p, 20, p.length - 20,
                (Packets.v4(PUBLIC_A) >>> 16) + (Packets.v4(PUBLIC_A) & 0xffff) + (Packets.v4(B) >>> 16)
                        + (Packets.v4(B) & 0xffff) + 6 + p.length - 20));
        assertEquals(0xffff, sum, "TCP checksum over the received addresses");
    }

    @Test
    void natOaFixesTheTransportChecksumIncrementally() {
        byte[] p = deliverThroughNat(new NatTraversal(4500, 4500, Fixtures.ip(PRIVATE_A), Fixtures.ip(B)));
        assertTcpChecksumValid(p);
    }

    @Test
    void withoutNatOaTheTcpChecksumIsRecomputed() {
        assertTcpChecksumValid(deliverThroughNat(new NatTraversal(4500, 4500, null, null)));
    }
}
