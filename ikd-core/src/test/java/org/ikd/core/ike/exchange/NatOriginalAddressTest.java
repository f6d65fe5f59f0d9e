package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.NatTraversal;
import org.junit.jupiter.api.Test;

/**
 * NAT-OA in Quick Mode (RFC 3947 §5.2) through the in-memory NAT of {@link Ikev1InMemoryTest#throughNat}:
 * A is 198.18.0.1 inside, 198.18.0.9 outside; B is 198.18.0.2. Each side sends NAT-OAi and NAT-OAr
 * as it sees them, so each inbound SA learns the addresses the peer's checksums cover
 * (RFC 3948 §3.1.2): from A, its inside address and B; from B, B itself and A's outside address.
 */
class NatOriginalAddressTest {
    private static IpsecSaSpec inbound(EnginePair.Side side) {
        IpsecSaPair p = side.events(IkeEvent.QuickModeEstablished.class).get(0).pair();
        return p.inbound().outermost();
    }

    @Test
    void transportModeBehindANatTellsEachSideThePeersOriginalAddresses() {
        Peers.Side side = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        EnginePair pair = Peers.pair(side, side.withPeersIn("198.18.0.0/24"), Peers.config());
        pair.path = Ikev1InMemoryTest::throughNat;
        pair.acquire(pair.a, new AcquireRequest("r1", side.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();

        NatTraversal atB = inbound(pair.b).natTraversal();
        assertEquals(Peers.A, atB.originalSource(), "A's checksums cover its inside address (NAT-OAi from A)");
        assertEquals(Peers.B, atB.originalDestination(), "and B as A sees it (NAT-OAr from A)");
        NatTraversal atA = inbound(pair.a).natTraversal();
        assertEquals(Peers.B, atA.originalSource(), "B's checksums cover B (NAT-OAr from B)");
        assertEquals(Peers.address("198.18.0.9"), atA.originalDestination(), "and A's outside address (NAT-OAi from B)");
    }

    @Test
    void tunnelModeSendsNoNatOa() {
        Peers.Side a = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)).withTunnel("198.19.1.0/24", "198.19.2.0/24", false)
                .withOptions(ExchangeOptions.DEFAULT.withForcedEncapsulation(true));
        Peers.Side b = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)).withTunnel("198.19.2.0/24", "198.19.1.0/24", false);
        EnginePair pair = Peers.pair(a, b, Peers.config());
        pair.acquire(pair.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        NatTraversal atB = inbound(pair.b).natTraversal();
        assertNull(atB.originalSource(), "RFC 3947 §5.2: NAT-OA only for transport mode");
        assertNull(atB.originalDestination());
    }
}
