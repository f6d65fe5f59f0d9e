package org.ikd.daemon.cli;

import java.util.List;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.QuickModeSas;

/**
 * {@code ikdctl show mm}, {@code show qm} and {@code show leases}: Main Mode and Quick Mode SAs as separate tables,
 * as IP Security Monitor shows them; lifetimes left as {@code 7h59m}, bytes exact.
 */
final class SaText {
    private SaText() {}

    static String mainMode(MainModeSas sas) {
        if (sas.sas().isEmpty()) return "Main Mode SAs: none\n";
        TextTable t = new TextTable("ID", "Rule", "Me", "Peer", "Auth", "Proposal", "Initiator cookie",
                "Responder cookie", "Life left", "QMs", "NAT-T", "State").rightAligned(0, 8, 9);
        for (MainModeSaView sa : sas.sas())
            t.row(sa.id(), sa.rule(), sa.me(), sa.peer(), sa.authentication(), sa.proposal(), sa.initiatorCookie(),
                    sa.responderCookie(), duration(sa.secondsLeft()), sa.quickModes(), sa.natTraversal() ? "yes" : "no",
                    sa.state());
        return "Main Mode SAs: " + sas.sas().size() + "\n" + t.render("  ");
    }

    /** {@code ikdctl show leases}: the road warriors' virtual addresses by XAUTH user (docs/remote-access.md). */
    static String leases(MainModeSas sas) {
        List<MainModeSaView> rw = sas.sas().stream().filter(sa -> sa.xauthUser() != null).toList();
        if (rw.isEmpty()) return "Leases: none\n";
        TextTable t = new TextTable("User", "Virtual address", "Peer", "Rule", "MM", "QMs", "Life left").rightAligned(4, 5);
        for (MainModeSaView sa : rw)
            t.row(sa.xauthUser(), sa.virtualAddress() == null ? "-" : sa.virtualAddress(), sa.peer(), sa.rule(), sa.id(),
                    sa.quickModes(), duration(sa.secondsLeft()));
        return "Leases: " + rw.stream().filter(sa -> sa.virtualAddress() != null).count() + "\n" + t.render("  ");
    }

    static String quickMode(QuickModeSas sas) {
        if (sas.sas().isEmpty()) return "Quick Mode SAs: none\n";
        TextTable t = new TextTable("ID", "MM", "Rule", "Me", "Peer", "Mode", "Transform", "PFS", "SPI in", "SPI out",
                "Filter", "Time left", "KB left", "Bytes in", "Bytes out").rightAligned(0, 1, 11, 12, 13, 14);
        for (QuickModeSaView sa : sas.sas())
            t.row(sa.id(), sa.mainModeId(), sa.rule(), sa.me(), sa.peer(), sa.mode() + (sa.udpEncapsulated() ? "/udp" : ""),
                    sa.transform(), sa.pfs() ? "yes" : "no", sa.inboundSpi(), sa.outboundSpi(), sa.filter(),
                    sa.secondsLeft() == null ? "no limit" : duration(sa.secondsLeft()),
                    sa.kilobytesLeft() == null ? "no limit" : sa.kilobytesLeft(), sa.bytesIn(), sa.bytesOut());
        return "Quick Mode SAs: " + sas.sas().size() + "\n" + t.render("  ");
    }

    /** {@code 7h59m}, {@code 59m12s}, {@code 45s}. */
    static String duration(long seconds) {
        if (seconds >= 3600) return seconds / 3600 + "h" + String.format("%02d", seconds % 3600 / 60) + "m";
        if (seconds >= 60) return seconds / 60 + "m" + String.format("%02d", seconds % 60) + "s";
        return Math.max(0, seconds) + "s";
    }
}
