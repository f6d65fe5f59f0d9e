package org.ikd.daemon.datapath;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
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
import org.ikd.daemon.sa.InstalledPairs;
import org.junit.jupiter.api.Test;

/**
 * B (198.18.20.1) with a peer behind a NAT whose outside address is 198.18.20.254: the pair was
 * negotiated with the NAT's port 40000; the NAT then re-maps the peer to 41000 (RFC 3948 §2).
 */
class NatMappingsTest {
    private static final InetAddress B = address("198.18.20.1");
    private static final InetAddress NAT = address("198.18.20.254");
    private static final InetSocketAddress NEGOTIATED = new InetSocketAddress(NAT, 40000);
    private static final InetSocketAddress REMAPPED = new InetSocketAddress(NAT, 41000);

    private final InstalledPairs installed = new InstalledPairs();
    private final List<NatMappings.Move> toldIke = new ArrayList<>();
    private final NatMappings mappings = new NatMappings(installed::pairs, toldIke::add);

    private static InetAddress address(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static IpsecSaSpec esp(int spi, Direction d, InetAddress from, InetAddress to) {
        return new IpsecSaSpec(new Spi(spi), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_GCM_16, 128, null,
                Secret.of(new byte[20]), null, from, to, Selector.between(Subnet.host(from), Subnet.host(to)),
                SaLifetime.of(3600, 100_000 * 1024L, 90), new NatTraversal(4500, NEGOTIATED.getPort(), null, null), false, 64);
    }

    private void install(long id, int spiIn, int spiOut) {
        IpsecSaPair pair = new IpsecSaPair(id, "peer", IpsecSaBundle.of(esp(spiIn, Direction.INBOUND, NAT, B)),
                IpsecSaBundle.of(esp(spiOut, Direction.OUTBOUND, B, NAT)));
        installed.add(new InstalledPairs.Installed(pair, 1, NAT, new AcquireRequest("peer", pair.outbound().outermost().selector(), B, NAT),
                false, false, 0));
    }

    @Test
    void authenticatedEspFromANewPortMovesTheSendsAndTellsIke() {
        install(1, 0x1001, 0x2001);
        int before = mappings.generation();
        mappings.delivered(0x1001, NEGOTIATED);
        assertTrue(toldIke.isEmpty(), "same port: nothing moved");
        mappings.delivered(0x1001, REMAPPED);
        assertEquals(REMAPPED, mappings.current(NEGOTIATED));
        assertEquals(List.of(new NatMappings.Move(NEGOTIATED, REMAPPED)), toldIke);
        assertNotEquals(before, mappings.generation(), "Egress ports look again");
    }

    @Test
    void espOfAnUnknownSpiMovesNothing() {
        install(1, 0x1001, 0x2001);
        mappings.delivered(0x7777, REMAPPED);
        assertEquals(NEGOTIATED, mappings.current(NEGOTIATED));
        assertTrue(toldIke.isEmpty());
    }

    @Test
    void aMoveIkeSawMovesEspTooAndASecondMoveFollowsTheFirst() {
        install(1, 0x1001, 0x2001);
        mappings.accept(new IkeEvent.PeerMoved(new CookiePair(1, 2), NEGOTIATED, REMAPPED));
        assertEquals(REMAPPED, mappings.current(NEGOTIATED));
        InetSocketAddress again = new InetSocketAddress(NAT, 42000);
        mappings.delivered(0x1001, again);
        assertEquals(again, mappings.current(NEGOTIATED));
        assertEquals(List.of(new NatMappings.Move(REMAPPED, again)), toldIke, "IKE is told where the peer was last");
    }
}
