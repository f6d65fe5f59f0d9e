package org.ikd.tun;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The names and numbers ikd owns on a host: its TUN device, the routing table and rule priority that
 * send protected destinations into it, the firewall mark that lets ikd's own sockets bypass that table,
 * and its nftables table. {@link LinkLayer#cleanupLeftovers()} removes exactly these.
 *
 * @param tunAddresses addresses of the TUN device (may be empty: the device needs none to work)
 * @param fwmark       non-zero; set with {@code SO_MARK} on every socket ikd sends from
 * @param nftTable     name of the {@code inet} table, e.g. {@code ikd}
 */
public record LinkSettings(String tunName, int queues, int mtu, List<LinkAddress> tunAddresses,
                           int routeTable, int rulePriority, int fwmark, String nftTable) {
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");   // IFNAMSIZ - 1
    private static final Pattern NFT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,31}");

    public LinkSettings {
        if (!IFNAME.matcher(tunName).matches())
            throw new IllegalArgumentException("TUN name '" + tunName + "' (expected: 1..15 of [A-Za-z0-9_.-])");
        if (queues < 1 || queues > 256) throw new IllegalArgumentException("queues " + queues + " (expected: 1..256)");
        if (mtu < 576 || mtu > 65535) throw new IllegalArgumentException("MTU " + mtu + " (expected: 576..65535)");
        tunAddresses = List.copyOf(tunAddresses);
        if (routeTable <= 0 || routeTable == 253 || routeTable == 254 || routeTable == 255)
            throw new IllegalArgumentException("route table " + routeTable + " (expected: 1.." + Integer.MAX_VALUE
                    + ", not default 253, main 254 or local 255)");
        if (rulePriority <= 0 || rulePriority >= 32766)
            throw new IllegalArgumentException("rule priority " + rulePriority + " (expected: 1..32765, before main)");
        if (fwmark == 0) throw new IllegalArgumentException("fwmark 0 (expected: non-zero; 0 is every unmarked packet)");
        if (!NFT_NAME.matcher(nftTable).matches())
            throw new IllegalArgumentException("nft table '" + nftTable + "' (expected: a letter then up to 31 of [A-Za-z0-9_])");
    }

    /** ikd's defaults: {@code ikd0}, table and priority 220, mark 0x1d1, nft table {@code ikd}. */
    public static LinkSettings defaults(int queues, int mtu, List<LinkAddress> tunAddresses) {
        return new LinkSettings("ikd0", queues, mtu, tunAddresses, 220, 220, 0x1d1, "ikd");
    }
}
