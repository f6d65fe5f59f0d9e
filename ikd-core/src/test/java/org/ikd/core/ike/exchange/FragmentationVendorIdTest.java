package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.OutboundDatagram;
import org.junit.jupiter.api.Test;

/**
 * {@code ike-fragmentation = "no"}: Main Mode 1 carries no FRAGMENTATION vendor ID, so the peer
 * never takes us for one that reassembles. The vendor ID is strongSwan's (src/libcharon/encoding/
 * payloads/... "FRAGMENTATION" in its vendor ID list: MD5("FRAGMENTATION") = 4048b7d5 6ebce885
 * 25e7de7f 00d6c2d3, followed by the capability word 80000000).
 */
class FragmentationVendorIdTest {
    private static final String FRAGMENTATION_VID_HEX = "4048b7d56ebce88525e7de7f00d6c2d3";
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    private static EnginePair negotiate(ExchangeOptions optionsOfA, String[] mm1Hex) {
        EnginePair p = Peers.pair(SIDE.withOptions(optionsOfA), SIDE, Peers.config());
        p.acquire(p.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        OutboundDatagram mm1 = p.network.get(0);
        mm1Hex[0] = mm1.message().toHex();
        p.deliverAll();
        assertEquals(1, p.a.events(IkeEvent.QuickModeEstablished.class).size());
        return p;
    }

    @Test
    void modeNoSendsNoFragmentationVendorIdAndThePeerDoesNotFragmentToUs() {
        String[] mm1 = new String[1];
        EnginePair p = negotiate(ExchangeOptions.DEFAULT.withFragmentationVendorId(false), mm1);
        assertFalse(mm1[0].contains(FRAGMENTATION_VID_HEX), "MM1 carries no FRAGMENTATION vendor ID: " + mm1[0]);
        assertFalse(p.b.engine.isakmpSas().get(0).peerDoesFragmentation(), "B must not take A for a peer that reassembles");
    }

    @Test
    void byDefaultTheFragmentationVendorIdIsAnnounced() {
        String[] mm1 = new String[1];
        EnginePair p = negotiate(ExchangeOptions.DEFAULT, mm1);
        assertTrue(mm1[0].contains(FRAGMENTATION_VID_HEX + "80000000"), "MM1 carries the FRAGMENTATION vendor ID: " + mm1[0]);
        assertTrue(p.b.engine.isakmpSas().get(0).peerDoesFragmentation());
    }
}
