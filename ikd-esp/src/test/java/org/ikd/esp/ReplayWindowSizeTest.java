package org.ikd.esp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.junit.jupiter.api.Test;

/**
 * The window size an SA is installed with is the one the data plane keeps (RFC 4303 §3.4.3): the
 * receiver accepts sequence numbers from the highest seen minus (size - 1) up, each once; size 0
 * turns the check off. Packets are sealed by A's own outbound path, so their sequence numbers are
 * 1, 2, 3, ... (RFC 4303 §3.3.3).
 */
class ReplayWindowSizeTest {
    private static final Suite ESP = Suite.esp(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA2_256_128, Mode.TUNNEL);

    /** A seals {@code count} packets; returns their wire bytes, element i carrying sequence number i + 1. */
    private static List<byte[]> sealed(Link link, int count) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertEquals(Verdict.TRANSMIT, link.send(Packets.icmp("198.18.10.5", "198.18.20.9", 8)));
            out.add(link.wire());
        }
        return out;
    }

    private static long replayDrops(Link link) {
        return link.b.securityAssociations().stream().mapToLong(SaSnapshot::replayDrops).sum();
    }

    @Test
    void windowZeroDeliversAReplayedPacket() {
        Link link = new Link(ESP.withWindow(0));
        byte[] w = sealed(link, 1).get(0);
        assertEquals(Verdict.DELIVER, link.receive(w, Encapsulation.IP));
        assertEquals(Verdict.DELIVER, link.receive(w, Encapsulation.IP), "no anti-replay: the copy is delivered too");
        assertEquals(0, replayDrops(link));
    }

    @Test
    void windowOf256AcceptsAPacket255BehindAndRefusesOne256Behind() {
        Link link = new Link(ESP.withWindow(256));
        List<byte[]> w = sealed(link, 300);
        assertEquals(Verdict.DELIVER, link.receive(w.get(299), Encapsulation.IP), "seq 300, the highest");
        // RFC 4303 §3.4.3: the window's left edge is 300 - 256 + 1 = 45
        assertEquals(Verdict.DELIVER, link.receive(w.get(44), Encapsulation.IP), "seq 45, 255 behind: inside, not seen");
        assertEquals(Verdict.DROP, link.receive(w.get(43), Encapsulation.IP), "seq 44, 256 behind: left of the window");
        assertEquals(DropReason.REPLAY, link.pb.dropReason());
        assertEquals(Verdict.DROP, link.receive(w.get(44), Encapsulation.IP), "seq 45 again: a replay");
        assertEquals(2, replayDrops(link));
    }

    @Test
    void theDefaultWindowOf64RefusesWhatA256WindowAccepts() {
        Link link = new Link(ESP.withWindow(64));
        List<byte[]> w = sealed(link, 300);
        assertEquals(Verdict.DELIVER, link.receive(w.get(299), Encapsulation.IP));
        assertEquals(Verdict.DELIVER, link.receive(w.get(236), Encapsulation.IP), "seq 237, 63 behind");
        assertEquals(Verdict.DROP, link.receive(w.get(235), Encapsulation.IP), "seq 236, 64 behind");
        assertEquals(Verdict.DROP, link.receive(w.get(44), Encapsulation.IP), "seq 45");
        assertEquals(2, replayDrops(link));
    }
}
