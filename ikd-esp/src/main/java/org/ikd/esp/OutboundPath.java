package org.ikd.esp;

import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.sad.SaBundle;
import org.ikd.esp.sad.SaSlot;
import org.ikd.esp.sad.SecurityAssociation;
import org.ikd.esp.sad.SequenceCounter;
import org.ikd.esp.spd.Spd;
import org.ikd.esp.spd.SpdRule;

/**
 * One cleartext packet from TUN (RFC 4301 §5.1):
 * 1. parse its 5-tuple; 2. first matching SPD entry: permit -> PASS_CLEAR, block -> DROP;
 * 3. negotiate: newest outbound bundle of the rule admitting the flow, none -> ACQUIRE;
 * 4. per SA, innermost first: sequence number (never wraps), lifetime bytes, outer header if
 *    tunnel, ESP or AH header; 5. UDP encapsulation strips the outer header for the 4500 socket.
 * A bundle that reaches its hard byte limit while a newer one of its rule admits the flow (a
 * rekey's handover still running) hands the packet to the newer one (null from {@code protect}).
 * Before step 4, a packet that would no longer fit the path MTU is answered (see {@link PathMtu}).
 */
final class OutboundPath {
    /**
     * More than any bundle adds (outer IPv6 40, UDP 8, AH 12 + 36 (IPv6, padded), ESP 8 + IV 16 + padding 15 + 2 + ICV 32):
     * a packet smaller than the path MTU by this much fits without working it out.
     */
    private static final int MOST_OVERHEAD = 256;
    private static final int IPV4_DF = 0x4000;
    private final DataPlane dp;

    OutboundPath(DataPlane dp) {
        this.dp = dp;
    }

    Verdict process(PacketBuffer pkt) {
        Frame f = pkt.frame;
        if (!pkt.flow.parse(f.array(), f.offset(), f.length())) return pkt.drop(DropReason.MALFORMED);
        trimToIpLength(f);
        Spd spd = dp.spd();
        int entry = spd.lookup(pkt.flow);
        SpdRule.Action action = spd.action(entry);
        if (action == SpdRule.Action.PERMIT) return Verdict.PASS_CLEAR;
        if (action == SpdRule.Action.BLOCK) return pkt.drop(DropReason.BLOCKED_BY_POLICY);
        String rule = spd.rule(entry).name();
        SaBundle bundle = dp.sad().outbound(rule, pkt.flow);
        if (bundle == null) return pkt.acquire(spd.rule(entry), spd.selector(entry));
        Verdict v = protect(pkt, bundle);
        while (v == null) {                 // the bundle reached its hard limit and handed over: the next one
            bundle = dp.sad().outbound(rule, pkt.flow);
            if (bundle == null) return pkt.acquire(spd.rule(entry), spd.selector(entry));
            if (pkt.moreFragments()) pkt.heldBundle = bundle;
            v = protect(pkt, bundle);
        }
        return v;
    }

    /** The next fragment of a packet {@link InnerFragments} cut, protected by the same bundle. */
    Verdict nextFragment(PacketBuffer pkt) {
        SaBundle bundle = pkt.heldBundle;
        InnerFragments.next(pkt);
        if (bundle.removed()) return pkt.drop(DropReason.SA_EXPIRED);
        Verdict v = protect(pkt, bundle);
        return v != null ? v : pkt.drop(DropReason.SA_EXPIRED);
    }

    private static void trimToIpLength(Frame f) {
        byte[] b = f.array();
        int o = f.offset();
        int total = (b[o] & 0xf0) == 0x40 ? (b[o + 2] & 0xff) << 8 | (b[o + 3] & 0xff)
                : 40 + ((b[o + 4] & 0xff) << 8 | (b[o + 5] & 0xff));
        f.set(o, total);
    }

    private Verdict protect(PacketBuffer pkt, SaBundle bundle) {
        Frame f = pkt.frame;
        int inner = f.length();
        int mtu = bundle.pathMtu();
        if (mtu > 0 && inner + MOST_OVERHEAD > mtu) {
            Verdict v = tooBigForPath(pkt, bundle, mtu);
            if (v != null) return v;
            inner = f.length();                 // the first fragment, if the packet was cut
        }
        boolean tunneled = false;
        boolean encrypted = false;
        for (int i = 0; i < bundle.size(); i++) {
            SecurityAssociation sa = bundle.get(i);
            SaSlot slot = sa.slot(pkt.slot, pkt.scratch);
            if (slot == null) return pkt.drop(DropReason.SA_EXPIRED);
            long seq = sa.sequence().next();
            if (seq == SequenceCounter.EXHAUSTED) return pkt.drop(DropReason.SEQUENCE_EXHAUSTED);
            if (seq == sa.sequence().limit() && sa.reportExhaustionOnce()) dp.raise(sa, SaEvent.Kind.SEQUENCE_EXHAUSTED);
            if (!dp.chargeLifetime(sa, inner))             // hard limit: hand over if nothing is written yet
                return i == 0 && dp.handsOver(sa, pkt.flow) ? null : pkt.drop(DropReason.SA_EXPIRED);
            int rc = 0;
            if (sa.spec().mode() == Mode.TUNNEL && !tunneled) {
                rc = pkt.tunnel.encapsulate(f, sa, seq);
                tunneled = true;
            }
            if (rc == 0) rc = sa.isEsp() ? pkt.transport.insertEsp(f, slot.esp(), sa.spi(), seq)
                    : pkt.transport.insertAh(f, slot.ah(), sa.spi(), seq);
            if (rc < 0) return pkt.drop(DataPlane.reasonOf(rc));
            slot.countPacket(inner);
            encrypted |= sa.encrypts();
        }
        count(pkt, bundle, inner, encrypted);
        SecurityAssociation outer = bundle.outermost();
        NatTraversal nat = bundle.natTraversal();
        if (nat == null) return pkt.transmit(Encapsulation.IP, outer.spec().destination(), 0, 0);
        pkt.udp.stripIpHeader(f);
        return pkt.transmit(Encapsulation.UDP, outer.spec().destination(), nat.remotePort(), nat.localPort());
    }

    /**
     * RFC 4301 §8.2 (with RFC 1191 / RFC 8201): a packet that does not fit after protection and may
     * not be fragmented (IPv4 with DF, or IPv6, whose routers never fragment) is dropped and answered
     * with the largest inner size that fits, rate-limited. IPv4 without DF is cut into fragments
     * that fit (RFC 4301 §8.1), the frame holding the first. Null when the packet goes on.
     */
    private Verdict tooBigForPath(PacketBuffer pkt, SaBundle bundle, int mtu) {
        Frame f = pkt.frame;
        byte[] b = f.array();
        int o = f.offset();
        boolean v4 = (b[o] & 0xf0) == 0x40;
        int fit = PathMtu.largestInner(bundle, pkt, mtu, v4 ? (b[o] & 0x0f) * 4 : 40);
        if (fit < 0) return pkt.drop(DropReason.SA_EXPIRED);
        if (f.length() <= fit) return null;
        if (v4 && (NetworkOrder.u16(b, o + 6) & IPV4_DF) == 0)
            return InnerFragments.start(pkt, bundle, fit) ? null : pkt.drop(DropReason.PATH_MTU_EXCEEDED_UNANSWERED);
        if (o < PacketBuffer.MIN_INBOUND_HEADROOM || !PathMtu.mayAnswer(b, o, v4) || !dp.takeIcmpToken())
            return pkt.drop(DropReason.PATH_MTU_EXCEEDED_UNANSWERED);
        pkt.drop(DropReason.PATH_MTU_EXCEEDED);
        if (v4) PathMtu.writeFragmentationNeeded(f, fit);
        else PathMtu.writePacketTooBig(f, fit);
        return Verdict.DELIVER;
    }

    private static void count(PacketBuffer pkt, SaBundle bundle, int inner, boolean encrypted) {
        if (encrypted) pkt.count(IpsecStatistic.CONFIDENTIAL_BYTES_SENT, inner);
        pkt.count(IpsecStatistic.AUTHENTICATED_BYTES_SENT, inner);
        pkt.count(bundle.mode() == Mode.TUNNEL ? IpsecStatistic.TUNNEL_BYTES_SENT : IpsecStatistic.TRANSPORT_BYTES_SENT, inner);
    }
}
