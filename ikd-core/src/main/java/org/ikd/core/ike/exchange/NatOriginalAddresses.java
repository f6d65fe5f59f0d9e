package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.NatOriginalAddressPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;

/**
 * NAT-OA in Quick Mode (RFC 3947 §5.2), sent only when ESP goes UDP-encapsulated in transport mode:
 * <ol>
 * <li>RFC 3947: both sides send NAT-OAi (the initiator's address) then NAT-OAr (the responder's),
 *     each as the SENDER sees it (strongSwan does the same).
 * <li>draft-ietf-ipsec-nat-t-ike-02: one NAT-OA (type 131), the sender's own address.
 * </ol>
 * The receiver learns which addresses the peer's TCP/UDP checksums were computed with, so the data
 * plane can fix them incrementally after decapsulation (RFC 3948 §3.1.2).
 */
final class NatOriginalAddresses {
    /** The addresses the peer's transport checksums cover: its own, and ours as it sees us. */
    record PeerView(InetAddress source, InetAddress destination) {}

    private NatOriginalAddresses() {}

    static boolean wanted(EncapsulationMode mode) {
        return mode.isUdpEncapsulated() && !mode.isTunnel();
    }

    /** What we add after the IDs of our Quick Mode message. */
    static List<Payload> ours(IsakmpSa sa, boolean initiator) {
        InetAddress me = sa.local().getAddress();
        InetAddress peer = sa.remote().getAddress();
        if (sa.natTraversalDraft()) return List.of(payload(PayloadType.NAT_OA_DRAFT, me));
        return initiator ? List.of(payload(PayloadType.NAT_OA, me), payload(PayloadType.NAT_OA, peer))
                : List.of(payload(PayloadType.NAT_OA, peer), payload(PayloadType.NAT_OA, me));
    }

    /**
     * The peer's view from its NAT-OA payloads ({@code peerInitiated}: it sent NAT-OAi as itself), or
     * null when it did not send both addresses (draft-02 sends one): the data plane then recomputes
     * TCP checksums and clears UDP ones instead (RFC 3948 §3.1.2).
     */
    static PeerView peerView(IsakmpMessage msg, boolean peerInitiated) {
        List<NatOriginalAddressPayload> oa = msg.all(NatOriginalAddressPayload.class);
        if (oa.size() != 2) return null;
        InetAddress initiator = address(oa.get(0));
        InetAddress responder = address(oa.get(1));
        return peerInitiated ? new PeerView(initiator, responder) : new PeerView(responder, initiator);
    }

    /**
     * Transport mode through a NAT (RFC 3947 §5.2, RFC 3948 §3.1.2): the peer's IDs name the addresses
     * it knows, its private one and ours as it sees us. A host ID that is not the address IKE talks
     * to becomes that address, as strongSwan does, so the SA's selectors are what the packets carry
     * after the NAT: private address of the peer on its side, the NAT's public one on ours. Null when
     * no NAT is in use or nothing needs translating.
     */
    static Selector translated(IsakmpSa sa, Selector outbound) {
        if (!sa.natTraversal()) return null;
        Subnet local = translate(outbound.source(), sa.local().getAddress());
        Subnet remote = translate(outbound.destination(), sa.remote().getAddress());
        if (local == outbound.source() && remote == outbound.destination()) return null;
        return new Selector(local, remote, outbound.protocol(), outbound.sourcePorts(), outbound.destinationPorts());
    }

    private static Subnet translate(Subnet id, InetAddress seen) {
        if (!id.isHost() || id.contains(seen) || id.isIpv4() != (seen.getAddress().length == 4)) return id;
        return Subnet.host(seen);
    }

    private static NatOriginalAddressPayload payload(PayloadType type, InetAddress a) {
        byte[] raw = a.getAddress();
        return new NatOriginalAddressPayload(type, raw.length == 4 ? IdType.IPV4_ADDR : IdType.IPV6_ADDR, Bytes.of(raw));
    }

    private static InetAddress address(NatOriginalAddressPayload p) {
        try {
            return InetAddress.getByAddress(p.address().toArray());
        } catch (UnknownHostException e) {
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found a NAT-OA address of " + p.address().length()
                    + " bytes, expected 4 or 16");
        }
    }
}
