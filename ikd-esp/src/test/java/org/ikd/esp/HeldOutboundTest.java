package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ikd.core.crypto.EspCipher;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Suite;
import org.junit.jupiter.api.Test;

/**
 * A pair installed with its outbound side held (the Quick Mode initiator waits until a peer that
 * installs on HASH(3) can have its inbound SA): it accepts at once, its traffic finds no outbound
 * SA (ACQUIRE: the daemon keeps it waiting), and from startSending on it is sealed.
 */
class HeldOutboundTest {
    @Test
    void acceptsAtOnceAndSendsOnlyAfterStartSending() {
        Suite s = Suite.esp(EspCipher.AES_GCM_16, 128, null, Mode.TUNNEL);
        DataPlane a = new DataPlane(DataPlaneConfig.defaults(), () -> 1_000_000_000L);
        DataPlane b = new DataPlane(DataPlaneConfig.defaults(), () -> 1_000_000_000L);
        a.install(Fixtures.pairOnA(7, s, 0x1000, false), true, true);
        b.install(Fixtures.pairOnB(7, s, 0x1000, false));
        a.replaceSpd(Fixtures.negotiateSpd(Fixtures.RULE, Fixtures.selector(s, false)));
        b.replaceSpd(Fixtures.negotiateSpd("b-to-a", Fixtures.selector(s, false).mirror()));
        PacketBuffer pa = a.newPacketBuffer();
        PacketBuffer pb = b.newPacketBuffer();

        assertEquals(Verdict.ACQUIRE, send(a, pa, Packets.icmp("198.18.10.5", "198.18.20.9", 8)), "held: no outbound SA yet");
        assertEquals(Verdict.TRANSMIT, send(b, pb, Packets.icmp("198.18.20.9", "198.18.10.5", 0)), "the peer sends");
        byte[] wire = java.util.Arrays.copyOfRange(pb.array(), pb.offset(), pb.offset() + pb.length());
        System.arraycopy(wire, 0, pa.array(), PacketBuffer.HEADROOM, wire.length);
        pa.loadIp(wire.length);
        assertEquals(Verdict.DELIVER, a.inbound(pa), "and the held pair accepts it");

        assertTrue(a.startSending(7));
        assertFalse(a.startSending(7), "once");
        assertEquals(Verdict.TRANSMIT, send(a, pa, Packets.icmp("198.18.10.5", "198.18.20.9", 8)));
        assertTrue(a.remove(7));
    }

    @Test
    void aHeldPairCanBeRemovedBeforeItSends() {
        Suite s = Suite.esp(EspCipher.AES_GCM_16, 128, null, Mode.TUNNEL);
        DataPlane a = new DataPlane(DataPlaneConfig.defaults(), () -> 1_000_000_000L);
        a.install(Fixtures.pairOnA(8, s, 0x2000, false), true, true);
        assertTrue(a.remove(8));
        assertFalse(a.startSending(8));
    }

    private static Verdict send(DataPlane dp, PacketBuffer pkt, byte[] p) {
        System.arraycopy(p, 0, pkt.array(), PacketBuffer.HEADROOM, p.length);
        pkt.loadIp(p.length);
        return dp.outbound(pkt);
    }
}
