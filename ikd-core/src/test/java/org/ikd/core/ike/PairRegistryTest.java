package org.ikd.core.ike;

import org.ikd.core.ike.ipsec.PairState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;
import org.junit.jupiter.api.Test;

/** The registry's look-ups by peer: what INITIAL-CONTACT, DPD and a peer's Delete ask for. */
class PairRegistryTest {
    private static final InetAddress ME = ip("198.18.0.1");
    private final PairRegistry registry = new PairRegistry(new SpiAllocator(new SeededEntropy(1), s -> false));

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static IpsecSaSpec esp(int spi, Direction d, InetAddress from, InetAddress to) {
        return new IpsecSaSpec(new Spi(spi), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_GCM_16, 128, null,
                Secret.of(new byte[20]), null, from, to, Selector.between(Subnet.host(from), Subnet.host(to)),
                SaLifetime.of(3600, 0, 90), null, false, 64);
    }

    private IpsecSaPair add(long id, InetAddress peer, int spiIn, int spiOut) {
        IpsecSaPair p = new IpsecSaPair(id, "r", IpsecSaBundle.of(esp(spiIn, Direction.INBOUND, peer, ME)),
                IpsecSaBundle.of(esp(spiOut, Direction.OUTBOUND, ME, peer)));
        registry.add(p, peer);
        return p;
    }

    @Test
    void findsAPeersPairsAndTheOneADeleteNamesAmongTwoThousand() {
        for (int k = 0; k < 2000; k++) add(k + 1, ip("198.18." + (1 + k / 500) + "." + (k % 250 + 2)), 0x10000 + k, 0x20000 + k);
        InetAddress peer = ip("198.18.1.9");                 // k = 7 and k = 257: two pairs
        assertEquals(List.of(8L, 258L), registry.withPeer(peer).stream().map(e -> e.pair().id()).toList());
        assertSame(registry.find(258), registry.byOutboundSpi(IpsecProtocol.ESP, 0x20000 + 257, peer));
        assertNull(registry.byOutboundSpi(IpsecProtocol.ESP, 0x20000 + 257, ip("198.18.2.9")), "the SPI of another peer");
        assertNull(registry.byOutboundSpi(IpsecProtocol.AH, 0x20000 + 257, peer), "the SPI of another protocol");
        registry.remove(8);
        assertEquals(List.of(258L), registry.withPeer(peer).stream().map(e -> e.pair().id()).toList());
        registry.remove(258);
        assertEquals(List.of(), registry.withPeer(peer));
        assertEquals(1998, registry.size());
    }

    @Test
    void findsThePairsOfOneTrafficAmongTwoThousandAndForgetsRemovedOnes() {
        // what a rekey replaces: same rule, peer and outbound selector (InstalledPairsTest before the move)
        for (int k = 0; k < 2000; k++) add(k + 1, ip("198.18." + (16 + (k + 1) / 256) + "." + (k + 1) % 256), 0x10000 + k, 0x20000 + k);
        InetAddress peer = ip("198.18.16.6");                 // k = 5
        PairRegistry.Entry renewed = registry.add(new IpsecSaPair(3000, "r", IpsecSaBundle.of(esp(0x30000, Direction.INBOUND, peer, ME)),
                IpsecSaBundle.of(esp(0x30001, Direction.OUTBOUND, ME, peer))), peer);
        assertEquals(List.of(6L, 3000L), registry.sameTraffic(renewed).stream().map(e -> e.pair().id()).toList());
        PairRegistry.Entry gone = registry.remove(6);
        assertEquals(PairState.DELETED, gone.state());
        assertEquals(List.of(3000L), registry.sameTraffic(renewed).stream().map(e -> e.pair().id()).toList());
        registry.remove(3000);
        assertEquals(List.of(), registry.sameTraffic(renewed));
    }
}
