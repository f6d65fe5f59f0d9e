package org.ikd.esp;

import org.ikd.core.sa.Mode;
import org.ikd.esp.mode.ModeFailure;
import org.ikd.esp.mode.UdpEncapsulation;
import org.ikd.esp.packet.AhHeader;
import org.ikd.esp.packet.EspHeader;
import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.Ipv4Header;
import org.ikd.esp.packet.Ipv6Extensions;
import org.ikd.esp.packet.Ipv6Header;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.sad.ReplayWindow;
import org.ikd.esp.sad.SaBundle;
import org.ikd.esp.sad.SaSlot;
import org.ikd.esp.sad.SecurityAssociation;

/**
 * One received ESP/AH packet (RFC 4301 §5.2, RFC 4303 §3.4):
 * 1. UDP/4500: keepalive or IKE marker -> drop; else put an IP header from the SA in front;
 *    raw: check the outer header (no fragments; IPv6: AH/ESP may follow extension headers);
 * 2. per ESP/AH header, outermost first: SAD lookup by SPI + destination (unknown: bad SPI),
 *    the SA must be the bundle's next one; replay check; ICV and decryption; replay update;
 *    lifetime bytes; 3. tunnel: strip the outer header; UDP transport: checksum fix (RFC 3948);
 * 4. the inner packet must match the innermost SA's selector -> DELIVER.
 */
final class InboundPath {
    private static final int MAX_HEADERS = 2;
    private final DataPlane dp;

    InboundPath(DataPlane dp) {
        this.dp = dp;
    }

    Verdict process(PacketBuffer pkt) {
        Frame f = pkt.frame;
        if (f.offset() < PacketBuffer.MIN_INBOUND_HEADROOM) return pkt.drop(DropReason.NO_HEADROOM);
        boolean udp = pkt.encapsulation() == Encapsulation.UDP;
        Verdict v = udp ? openUdp(pkt, f) : checkOuterHeader(pkt, f);
        if (v != null) return v;
        SaBundle bundle = null;
        boolean encrypted = false;
        int processed = 0;
        for (int proto = pkt.transport.protocol(f); proto == EspHeader.PROTOCOL || proto == AhHeader.PROTOCOL;
                proto = pkt.transport.protocol(f)) {
            boolean esp = proto == EspHeader.PROTOCOL;
            int h = f.offset() + pkt.transport.headerLength(f);
            if (processed == MAX_HEADERS) return pkt.drop(DropReason.BUNDLE_MISMATCH);
            if (f.end() - h < (esp ? EspHeader.LENGTH : AhHeader.FIXED_LENGTH)) return pkt.drop(DropReason.MALFORMED);
            int spi = NetworkOrder.i32(f.array(), esp ? h : h + 4);
            SecurityAssociation sa = dp.sad().inbound(spi);
            // only an SPI we hold nowhere is reported (issue 15); one of ours sent to another address is not stale
            if (sa == null && esp && processed == 0) return pkt.dropUnknownSpi(spi);
            if (sa == null || sa.isEsp() != esp || !destinationMatches(f, sa)) return pkt.drop(DropReason.BAD_SPI);
            if (bundle == null) bundle = sa.bundle();
            // An ESP payload that decrypts to yet another IPsec header may name more SAs than the
            // bundle has: drop it rather than index past the bundle (found by EspInboundFuzzTest).
            if (processed >= bundle.size() || bundle.get(bundle.size() - 1 - processed) != sa)
                return pkt.drop(DropReason.BUNDLE_MISMATCH);
            v = open(pkt, f, sa, NetworkOrder.i32(f.array(), esp ? h + 4 : h + 8));
            if (v != null) return v;
            encrypted |= sa.encrypts();
            processed++;
        }
        if (bundle == null) return pkt.drop(DropReason.NOT_IPSEC);
        if (processed != bundle.size()) return pkt.drop(DropReason.BUNDLE_MISMATCH);
        return deliver(pkt, f, bundle, udp, encrypted);
    }

    private Verdict openUdp(PacketBuffer pkt, Frame f) {
        if (UdpEncapsulation.isKeepalive(f)) return pkt.drop(DropReason.NAT_KEEPALIVE);
        if (UdpEncapsulation.isNonEspMarker(f)) return pkt.drop(DropReason.NOT_IPSEC);
        if (f.length() < EspHeader.LENGTH) return pkt.drop(DropReason.MALFORMED);
        int spi = NetworkOrder.i32(f.array(), f.offset());
        SecurityAssociation sa = dp.sad().inbound(spi);
        if (sa == null) return pkt.dropUnknownSpi(spi);
        if (!sa.isEsp()) return pkt.drop(DropReason.BAD_SPI);
        int rc = pkt.udp.prependIpHeader(f, sa);
        return rc < 0 ? pkt.drop(DataPlane.reasonOf(rc)) : null;
    }

    private static Verdict checkOuterHeader(PacketBuffer pkt, Frame f) {
        byte[] b = f.array();
        int o = f.offset();
        if (f.length() > 0 && (b[o] & 0xf0) == 0x40 && Ipv4Header.plausible(b, o, f.length())) {
            if ((NetworkOrder.u16(b, o + 6) & 0x3fff) != 0) return pkt.drop(DropReason.FRAGMENT);
            f.set(o, NetworkOrder.u16(b, o + 2));
            return null;
        }
        if (f.length() > 0 && (b[o] & 0xf0) == 0x60 && Ipv6Header.plausible(b, o, f.length())) {
            f.set(o, Ipv6Header.LENGTH + NetworkOrder.u16(b, o + 4));
            return pkt.transport.protocol(f) == Ipv6Extensions.FRAGMENT ? pkt.drop(DropReason.FRAGMENT) : null;
        }
        return pkt.drop(DropReason.MALFORMED);
    }

    private static boolean destinationMatches(Frame f, SecurityAssociation sa) {
        byte[] b = f.array();
        int o = f.offset();
        if ((b[o] & 0xf0) == 0x40) return !sa.isIpv6() && NetworkOrder.i32(b, o + 16) == sa.destinationV4();
        return sa.isIpv6() && NetworkOrder.i64(b, o + 24) == sa.destinationHigh()
                && NetworkOrder.i64(b, o + 32) == sa.destinationLow();
    }

    /** RFC 4303 §3.4.3: replay check before the ICV, window update after it. */
    private Verdict open(PacketBuffer pkt, Frame f, SecurityAssociation sa, int sequenceLow) {
        SaSlot slot = sa.slot(pkt.slot, pkt.scratch);
        if (slot == null || sa.lifetime().expired()) return pkt.drop(DropReason.SA_EXPIRED);
        ReplayWindow window = sa.replayWindow();
        long seq = window.infer(sequenceLow);
        if (!window.check(seq)) {
            slot.countReplay();
            return pkt.drop(DropReason.REPLAY);
        }
        int seqHigh = (int) (seq >>> 32);
        int rc = sa.isEsp() ? pkt.transport.removeEsp(f, slot.esp(), seqHigh) : pkt.transport.removeAh(f, slot.ah(), seqHigh);
        if (rc == ModeFailure.AUTHENTICATION_FAILED) slot.countAuthenticationFailure();
        if (rc == ModeFailure.DECRYPTION_FAILED) slot.countDecryptionFailure();
        if (rc < 0) return pkt.drop(DataPlane.reasonOf(rc));
        if (!window.update(seq)) {
            slot.countReplay();
            return pkt.drop(DropReason.REPLAY);
        }
        if (!dp.chargeLifetime(sa, f.length())) return pkt.drop(DropReason.SA_EXPIRED);
        slot.countPacket(f.length());
        return null;
    }

    private Verdict deliver(PacketBuffer pkt, Frame f, SaBundle bundle, boolean udp, boolean encrypted) {
        if (pkt.transport.protocol(f) == ModeFailure.NO_NEXT_HEADER && bundle.mode() == Mode.TRANSPORT)
            return pkt.drop(DropReason.DUMMY_PACKET);
        if (bundle.mode() == Mode.TUNNEL) {
            int rc = pkt.tunnel.decapsulate(f);
            if (rc < 0) return pkt.drop(DataPlane.reasonOf(rc));
        } else if (udp) {
            pkt.udp.fixTransportChecksum(f, bundle.innermost());
        }
        if (!pkt.flow.parse(f.array(), f.offset(), f.length())) return pkt.drop(DropReason.MALFORMED);
        if (!bundle.selector().matches(pkt.flow)) return pkt.drop(DropReason.SELECTOR_MISMATCH);
        int n = f.length();
        if (encrypted) pkt.count(IpsecStatistic.CONFIDENTIAL_BYTES_RECEIVED, n);
        pkt.count(IpsecStatistic.AUTHENTICATED_BYTES_RECEIVED, n);
        pkt.count(bundle.mode() == Mode.TUNNEL ? IpsecStatistic.TUNNEL_BYTES_RECEIVED : IpsecStatistic.TRANSPORT_BYTES_RECEIVED, n);
        return Verdict.DELIVER;
    }
}
