package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.sa.IpsecSaPair;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the daemon never writes the engine's counters; it reports what it did and the engine
 * counts (Windows' Key Addition Failures and Soft Associations) and acts. Two engines through a list.
 */
class ReportedCountersInMemoryTest {
    private static final Peers.Side ESP = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));

    private EnginePair established() {
        EnginePair pair = Peers.pair(ESP, ESP, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", ESP.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        return pair;
    }

    @Test
    void aPairTheDataPlaneRefusedIsCountedAndDeletedOnBothSides() {
        EnginePair pair = established();
        IpsecSaPair refused = Ikev1InMemoryTest.established(pair.a);
        pair.apply(pair.a, pair.a.engine.installFailed(refused.id(), "no room", pair.now));
        // HDR*, HASH(1), D(ESP SPI) -->
        pair.deliverAll();
        assertEquals(1, pair.a.count(IkeCounter.KEY_ADDITION_FAILURES));
        assertTrue(pair.a.events(IkeEvent.SaDeleted.class).stream().anyMatch(d -> d.which() instanceof IkeEvent.IpsecSaRef r
                && r.pairId() == refused.id() && d.why().contains("no room")), pair.a.events.toString());
        assertEquals(0, pair.a.engine.ipsecSas().size());
        assertEquals(0, pair.b.engine.ipsecSas().size(), "the peer stops sending on SAs we do not hold");
    }

    @Test
    void aSoftAssociationIsCountedByTheEngine() {
        EnginePair pair = Peers.pair(ESP, ESP, Peers.config());
        AcquireRequest acquire = new AcquireRequest("r1", ESP.flow(Peers.A, Peers.B), Peers.A, Peers.B);
        pair.apply(pair.a, pair.a.engine.softAssociation(acquire, pair.now));
        assertEquals(1, pair.a.count(IkeCounter.SOFT_ASSOCIATIONS));
    }
}
