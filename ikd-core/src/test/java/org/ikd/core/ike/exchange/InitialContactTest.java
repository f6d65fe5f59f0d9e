package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.junit.jupiter.api.Test;

/**
 * RFC 2407 §4.6.3.3: a peer that restarted sends INITIAL-CONTACT in its first Main Mode, and the
 * receiver drops every SA it still holds with it. Here A negotiates with B, then "restarts" (a new
 * engine at the same address, which knows nothing of the old SAs) and negotiates again.
 */
class InitialContactTest {
    private static final Peers.Side SIDE = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    private static EnginePair restartA(ExchangeOptions restartedWith) {
        EnginePair first = Peers.pair(SIDE, SIDE, Peers.config());
        first.acquire(first.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        first.deliverAll();
        assertEquals(1, first.b.engine.ipsecSas().withPeer(Peers.A).size());
        IkeEngine restarted = Peers.engine(SIDE.withOptions(restartedWith), Peers.A, Peers.B, Peers.config(), 7);
        EnginePair second = new EnginePair(restarted, Peers.A, first.b.engine, Peers.B, 500);
        second.acquire(second.a, new AcquireRequest("r1", SIDE.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        second.deliverAll();
        assertEquals(1, second.a.events(IkeEvent.QuickModeEstablished.class).size());
        return second;
    }

    @Test
    void initialContactFromARestartedPeerDropsItsStaleSas() {
        EnginePair second = restartA(ExchangeOptions.DEFAULT);      // DEFAULT sends INITIAL-CONTACT
        assertEquals(1, second.b.engine.isakmpSas().size(), "only the new ISAKMP SA is left");
        assertEquals(1, second.b.engine.ipsecSas().withPeer(Peers.A).size(), "only the new IPsec SA pair is left");
        List<IkeEvent.SaDeleted> gone = second.b.events(IkeEvent.SaDeleted.class);
        assertTrue(gone.stream().anyMatch(d -> d.which() instanceof IkeEvent.IpsecSaRef && d.by() == IkeEvent.DeletedBy.PEER), gone.toString());
        assertTrue(gone.stream().anyMatch(d -> d.which() instanceof IkeEvent.IsakmpSaRef && d.why().contains("INITIAL-CONTACT")), gone.toString());
        assertTrue(second.network.isEmpty(), "no Delete goes to the restarted peer for SAs it never knew");
    }

    @Test
    void withoutInitialContactTheOldSasStay() {
        ExchangeOptions quiet = new ExchangeOptions(false, false, 4500, 64, 90, 32);
        EnginePair second = restartA(quiet);
        assertEquals(2, second.b.engine.isakmpSas().size());
        assertEquals(2, second.b.engine.ipsecSas().withPeer(Peers.A).size());
    }
}
