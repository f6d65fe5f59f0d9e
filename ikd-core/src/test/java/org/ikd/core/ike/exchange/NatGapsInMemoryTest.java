package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;
import org.ikd.core.isakmp.payload.VendorIdPayload;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.IpsecSaPair;
import org.junit.jupiter.api.Test;

/**
 * The NAT cases of issue 7 in memory, through a NAT that maps A (198.18.0.1) to 198.18.0.9 and
 * A's port p to p + {@link #shift}: a draft-02-only peer, transport mode whose selectors name what
 * the packets carry after the NAT, and a NAT that re-maps A's port.
 */
class NatGapsInMemoryTest {
    private static final InetSocketAddress OUTSIDE = new InetSocketAddress("198.18.0.9", 0);
    /** draft-ietf-ipsec-nat-t-ike-02 §3: MD5("draft-ietf-ipsec-nat-t-ike-02\n"), as ike-scan lists it. */
    private static final Bytes DRAFT_02N = Bytes.fromHex("90cb80913ebb696e086381b5ec427b1f");
    /** RFC 3947 §3.1: MD5("RFC 3947"). */
    private static final Bytes RFC_3947 = Bytes.fromHex("4a131c81070358455c5728f20e95452f");

    private int shift = 10000;
    private final List<IsakmpMessage> clear = new ArrayList<>();

    private OutboundDatagram nat(OutboundDatagram d) {
        if ((d.message().getUnsigned(19) & 1) == 0) clear.add(IsakmpMessage.decode(ByteBuffer.wrap(d.message().toArray())));
        if (d.local().getAddress().equals(Peers.A))
            return new OutboundDatagram(new InetSocketAddress(OUTSIDE.getAddress(), d.local().getPort() + shift), d.remote(), d.framing(), d.message());
        if (d.remote().getAddress().equals(OUTSIDE.getAddress()) && d.remote().getPort() - shift > 0)
            return new OutboundDatagram(d.local(), new InetSocketAddress(Peers.A, d.remote().getPort() - shift), d.framing(), d.message());
        return d;
    }

    private EnginePair transportThroughNat(Peers.Side a) {
        // B's rule names only what B sees of A: the NAT's outside address (RFC 3947 §5.2)
        EnginePair pair = Peers.pair(a, Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)).withPeersIn("198.18.0.9/32"), Peers.config());
        pair.path = this::nat;
        pair.acquire(pair.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        return pair;
    }

    private static IpsecSaPair installed(EnginePair.Side side, int index) {
        return side.events(IkeEvent.QuickModeEstablished.class).get(index).pair();
    }

    private static IsakmpSa only(EnginePair.Side side) {
        assertEquals(1, side.engine.isakmpSas().size());
        return side.engine.isakmpSas().get(0);
    }

    @Test
    void transportThroughANatGivesTheResponderSelectorsOfTheNatsOutsideAddress() {
        EnginePair pair = transportThroughNat(Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)));
        // RFC 3948 §3.1.2: after the NAT, A's packets reach B from the outside address
        assertEquals(Selector.between(Subnet.host(Peers.B), Subnet.host(OUTSIDE.getAddress())),
                installed(pair.b, 0).outbound().outermost().selector());
        assertEquals(Selector.between(Subnet.host(OUTSIDE.getAddress()), Subnet.host(Peers.B)),
                installed(pair.b, 0).inbound().outermost().selector());
        // A keeps its own view: its private address to B
        assertEquals(Selector.between(Subnet.host(Peers.A), Subnet.host(Peers.B)), installed(pair.a, 0).outbound().outermost().selector());
        assertEquals(Peers.A, installed(pair.b, 0).inbound().outermost().natTraversal().originalSource(), "NAT-OAi from A");
    }

    @Test
    void aTunnelRuleIsNotChosenForIdsTranslatedThroughTheNat() {
        Peers.Side a = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1));
        Peers.Side b = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)).withTunnel("198.18.0.2/32", "198.18.0.9/32", false);
        EnginePair pair = Peers.pair(a, b, Peers.config());
        pair.path = this::nat;
        pair.acquire(pair.a, new AcquireRequest("r1", a.flow(Peers.A, Peers.B), Peers.A, Peers.B));
        pair.deliverAll();
        assertTrue(pair.b.events(IkeEvent.QuickModeEstablished.class).isEmpty(), "only transport IDs are translated");
        assertFalse(pair.b.events(IkeEvent.NegotiationFailed.class).isEmpty());
    }

    @Test
    void aDraftOnlyInitiatorMakesBothSidesSpeakDraft02() {
        Peers.Side a = Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1))
                .withOptions(ExchangeOptions.DEFAULT.withDraftOnlyNatTraversal(true));
        EnginePair pair = transportThroughNat(a);
        List<Bytes> mm1 = clear.get(0).all(VendorIdPayload.class).stream().map(VendorIdPayload::vendorId).toList();
        assertTrue(mm1.contains(DRAFT_02N), "Windows XP SP2's draft-02n vendor ID");
        assertFalse(mm1.contains(RFC_3947), "no RFC 3947 vendor ID");
        List<Bytes> mm2 = clear.get(1).all(VendorIdPayload.class).stream().map(VendorIdPayload::vendorId).toList();
        assertTrue(mm2.contains(DRAFT_02N) && !mm2.contains(RFC_3947), "the responder answers with the draft: " + mm2);
        for (IsakmpMessage m : clear.subList(2, 4)) {
            List<NatDiscoveryPayload> natD = m.all(NatDiscoveryPayload.class);
            assertEquals(2, natD.size());
            natD.forEach(p -> assertEquals(130, p.type().value(), "draft-02 NAT-D is payload 130"));
        }
        assertTrue(only(pair.a).natTraversalDraft() && only(pair.b).natTraversalDraft());
        // draft-02 sends one NAT-OA (type 131), so the checksum fix has no pair of addresses (RFC 3948 §3.1.2 step 2/3)
        assertNull(installed(pair.b, 0).inbound().outermost().natTraversal().originalSource());
    }

    @Test
    void aDraftOnlyResponderIgnoresTheRfc3947VendorId() {
        VendorIds.PeerVendor v = VendorIds.recognise(List.of(new VendorIdPayload(RFC_3947), new VendorIdPayload(DRAFT_02N)), true);
        assertEquals(NatTraversalVersion.DRAFT_02, v.natTraversal());
        assertEquals(NatTraversalVersion.RFC_3947, VendorIds.recognise(List.of(new VendorIdPayload(RFC_3947), new VendorIdPayload(DRAFT_02N))).natTraversal());
    }

    @Test
    void theResponderFollowsAnAuthenticatedMessageFromANewNatPort() {
        EnginePair pair = transportThroughNat(Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)));
        assertEquals(14500, only(pair.b).remote().getPort());
        shift = 20000;                                    // the NAT forgot A and mapped it anew
        pair.acquire(pair.a, new AcquireRequest("r1", Selector.between(Subnet.host(Peers.A), Subnet.host(Peers.B)), Peers.A, Peers.B));
        pair.deliverAll();
        assertEquals(new InetSocketAddress(OUTSIDE.getAddress(), 24500), only(pair.b).remote());
        List<IkeEvent.PeerMoved> moved = pair.b.events(IkeEvent.PeerMoved.class);
        assertEquals(1, moved.size(), moved.toString());
        assertEquals(14500, moved.get(0).from().getPort());
        assertEquals(24500, moved.get(0).to().getPort());
        assertEquals(2, pair.a.events(IkeEvent.QuickModeEstablished.class).size(), "B's QM2 reached A through the new mapping");
        assertEquals(24500, installed(pair.b, 1).outbound().outermost().natTraversal().remotePort());
    }

    @Test
    void theEngineFollowsAMoveTheDataPlaneSaw() {
        EnginePair pair = transportThroughNat(Peers.Side.transport(List.of(Peers.ESP_AES128_SHA1)));
        InetSocketAddress was = only(pair.b).remote();
        InetSocketAddress now = new InetSocketAddress(OUTSIDE.getAddress(), 31000);
        pair.apply(pair.b, pair.b.engine.peerMoved(new InetSocketAddress(OUTSIDE.getAddress(), 1), now));
        assertEquals(was, only(pair.b).remote(), "another endpoint: no change");
        pair.apply(pair.b, pair.b.engine.peerMoved(was, now));
        assertEquals(now, only(pair.b).remote());
    }
}
