package org.ikd.esp;

import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.esp.packet.Frame;
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
 */
final class OutboundPath {
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
            v = protect(pkt, bundle);
        }
        return v;
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

    private static void count(PacketBuffer pkt, SaBundle bundle, int inner, boolean encrypted) {
        if (encrypted) pkt.count(IpsecStatistic.CONFIDENTIAL_BYTES_SENT, inner);
        pkt.count(IpsecStatistic.AUTHENTICATED_BYTES_SENT, inner);
        pkt.count(bundle.mode() == Mode.TUNNEL ? IpsecStatistic.TUNNEL_BYTES_SENT : IpsecStatistic.TRANSPORT_BYTES_SENT, inner);
    }
}
