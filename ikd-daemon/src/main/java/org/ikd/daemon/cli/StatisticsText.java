package org.ikd.daemon.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ikd.daemon.control.IkeStatistics;
import org.ikd.daemon.control.IpsecStatistics;
import org.ikd.daemon.control.Statistics;

/**
 * {@code ikdctl show stats}: the IKE_STATISTICS and IPSEC_STATISTICS counters under the names
 * Windows' IP Security Monitor gives them, in the structures' order (ikd's own IKE counters last), the
 * IKE Invalid Packets by notify type, then the data plane's drops by reason.
 */
final class StatisticsText {
    private StatisticsText() {}

    static String render(Statistics s) {
        List<Counter> ike = ike(s.ike());
        List<Counter> ipsec = ipsec(s.ipsec());
        List<Counter> invalid = counters(s.ike().invalidPacketsByType());
        List<Counter> drops = counters(s.drops());
        List<List<Counter>> all = List.of(ike, invalid, ipsec, drops);
        int nw = Counter.nameWidth(all);
        int vw = Counter.valueWidth(all);
        String text = header(s) + Counter.block("IKE Statistics", ike, nw, vw)
                + (invalid.isEmpty() ? "" : Counter.block("Invalid Packets by Notify Type", invalid, nw, vw))
                + Counter.block("IPsec Statistics", ipsec, nw, vw);
        return drops.isEmpty() ? text : text + Counter.block("Dropped Packets", drops, nw, vw);
    }

    /** {@code ikd 0.1.0, up 2 d 03:04:05; counters since a reset 00:01:07 ago}; nothing from an older ikd. */
    static String header(Statistics s) {
        if (s.version() == null) return "";
        String since = s.secondsSinceReset() == null ? "" : "; counters since a reset " + duration(s.secondsSinceReset()) + " ago";
        return "ikd " + s.version() + ", up " + duration(s.uptimeSeconds()) + since + "\n\n";
    }

    static String duration(long seconds) {
        long d = seconds / 86400;
        String hms = String.format("%02d:%02d:%02d", seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60);
        return d > 0 ? d + " d " + hms : hms;
    }

    private static List<Counter> counters(Map<String, Long> byName) {
        List<Counter> list = new ArrayList<>();
        for (Map.Entry<String, Long> e : byName.entrySet()) list.add(new Counter(e.getKey(), e.getValue()));
        return list;
    }

    /** ipsecmon's short list, for {@code ikdctl monitor}. */
    static String summary(Statistics s) {
        IpsecStatistics p = s.ipsec();
        IkeStatistics k = s.ike();
        List<Counter> ipsec = List.of(
                new Counter("Active Security Associations", p.numActiveAssociations()),
                new Counter("Confidential Bytes Sent", p.confidentialBytesSent()),
                new Counter("Confidential Bytes Received", p.confidentialBytesReceived()),
                new Counter("Authenticated Bytes Sent", p.authenticatedBytesSent()),
                new Counter("Authenticated Bytes Received", p.authenticatedBytesReceived()),
                new Counter("Bad SPI Packets", p.numBadSpiPackets()),
                new Counter("Packets Not Decrypted", p.numPacketsNotDecrypted()),
                new Counter("Packets Not Authenticated", p.numPacketsNotAuthenticated()),
                new Counter("Key Additions", p.numKeyAdditions()));
        List<Counter> ike = List.of(
                new Counter("IKE Main Mode", k.oakleyMainModes()),
                new Counter("IKE Quick Mode", k.oakleyQuickModes()),
                new Counter("Soft Associations", k.softAssociations()),
                new Counter("Authentication Failures", k.authenticationFailures()),
                new Counter("Negotiation Failures", k.negotiationFailures()));
        List<List<Counter>> all = List.of(ipsec, ike);
        int nw = Counter.nameWidth(all);
        int vw = Counter.valueWidth(all);
        return Counter.block("IPsec Statistics", ipsec, nw, vw) + Counter.block("IKE Statistics", ike, nw, vw);
    }

    /** IKE_STATISTICS, names as IP Security Monitor's "Main Mode > Statistics". */
    static List<Counter> ike(IkeStatistics s) {
        return List.of(
                new Counter("Active Acquire", s.activeAcquire()),
                new Counter("Active Receive", s.activeReceive()),
                new Counter("Acquire Failures", s.acquireFail()),
                new Counter("Receive Failures", s.receiveFail()),
                new Counter("Send Failures", s.sendFail()),
                new Counter("Acquire Heap Size", s.acquireHeapSize()),
                new Counter("Receive Heap Size", s.receiveHeapSize()),
                new Counter("Negotiation Failures", s.negotiationFailures()),
                new Counter("Authentication Failures", s.authenticationFailures()),
                new Counter("Invalid Cookies Received", s.invalidCookiesReceived()),
                new Counter("Total Acquire", s.totalAcquire()),
                new Counter("Total Get SPI", s.totalGetSpi()),
                new Counter("Key Additions", s.totalKeyAdd()),
                new Counter("Key Updates", s.totalKeyUpdate()),
                new Counter("Get SPI Failures", s.getSpiFail()),
                new Counter("Key Addition Failures", s.keyAddFail()),
                new Counter("Key Update Failures", s.keyUpdateFail()),
                new Counter("ISADB List Size", s.isadbListSize()),
                new Counter("Connection List Size", s.connListSize()),
                new Counter("IKE Main Mode", s.oakleyMainModes()),
                new Counter("IKE Quick Mode", s.oakleyQuickModes()),
                new Counter("Soft Associations", s.softAssociations()),
                new Counter("Invalid Packets Received", s.invalidPacketsReceived()),
                new Counter("Quick Mode Selectors Refused", s.selectorsRefused()),
                new Counter("Unsupported Exchanges", s.unsupportedExchanges()),
                new Counter("Foreign Deletes Ignored", s.foreignDeletes()),
                new Counter("Internal Errors", s.internalErrors()));
    }

    /** IPSEC_STATISTICS, names as IP Security Monitor's "Quick Mode > Statistics". */
    static List<Counter> ipsec(IpsecStatistics s) {
        return List.of(
                new Counter("Active Security Associations", s.numActiveAssociations()),
                new Counter("Offloaded Security Associations", s.numOffloadedSas()),
                new Counter("Pending Key Operations", s.numPendingKeyOps()),
                new Counter("Key Additions", s.numKeyAdditions()),
                new Counter("Key Deletions", s.numKeyDeletions()),
                new Counter("Rekeys", s.numReKeys()),
                new Counter("Active Tunnels", s.numActiveTunnels()),
                new Counter("Bad SPI Packets", s.numBadSpiPackets()),
                new Counter("Packets Not Decrypted", s.numPacketsNotDecrypted()),
                new Counter("Packets Not Authenticated", s.numPacketsNotAuthenticated()),
                new Counter("Packets With Replay Detection", s.numPacketsWithReplayDetection()),
                new Counter("Confidential Bytes Sent", s.confidentialBytesSent()),
                new Counter("Confidential Bytes Received", s.confidentialBytesReceived()),
                new Counter("Authenticated Bytes Sent", s.authenticatedBytesSent()),
                new Counter("Authenticated Bytes Received", s.authenticatedBytesReceived()),
                new Counter("Transport Bytes Sent", s.transportBytesSent()),
                new Counter("Transport Bytes Received", s.transportBytesReceived()),
                new Counter("Bytes Sent In Tunnels", s.bytesSentInTunnels()),
                new Counter("Bytes Received In Tunnels", s.bytesReceivedInTunnels()),
                new Counter("Offloaded Bytes Sent", s.offloadedBytesSent()),
                new Counter("Offloaded Bytes Received", s.offloadedBytesReceived()));
    }
}
