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
 * @param socketBuffer {@code SO_RCVBUF}/{@code SO_SNDBUF} in bytes for the raw ESP/AH sockets (the send
 *                     side only for header-included ones), set with the *FORCE options; 0 = the kernel's
 *                     default (208 KiB, which overflows under a single TCP stream: docs/performance.md)
 */
public record LinkSettings(String tunName, int queues, int mtu, List<LinkAddress> tunAddresses,
                           int routeTable, int rulePriority, int fwmark, String nftTable, int socketBuffer) {
    /** 4 MiB: a few ms of a Gbit/s burst while a pump waits to be scheduled, as wireguard-go's 7 MiB. */
    public static final int DEFAULT_SOCKET_BUFFER = 4 << 20;
    private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");   // IFNAMSIZ - 1
    /** The kernel doubles the request into an int (socket(7)). */
    private static final int MAX_SOCKET_BUFFER = Integer.MAX_VALUE / 2;
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
        if (socketBuffer < 0 || socketBuffer > MAX_SOCKET_BUFFER)
            throw new IllegalArgumentException("socket buffer " + socketBuffer + " bytes (expected: 0 for the kernel's default, or up to "
                    + MAX_SOCKET_BUFFER + ")");
    }

    /** With the {@link #DEFAULT_SOCKET_BUFFER}. */
    public LinkSettings(String tunName, int queues, int mtu, List<LinkAddress> tunAddresses,
                        int routeTable, int rulePriority, int fwmark, String nftTable) {
        this(tunName, queues, mtu, tunAddresses, routeTable, rulePriority, fwmark, nftTable, DEFAULT_SOCKET_BUFFER);
    }

    /** The same settings with another socket buffer size (0: the kernel's default). */
    public LinkSettings withSocketBuffer(int bytes) {
        return new LinkSettings(tunName, queues, mtu, tunAddresses, routeTable, rulePriority, fwmark, nftTable, bytes);
    }

    /** ikd's defaults: {@code ikd0}, table and priority 220, mark 0x1d1, nft table {@code ikd}, 4 MiB socket buffers. */
    public static LinkSettings defaults(int queues, int mtu, List<LinkAddress> tunAddresses) {
        return new LinkSettings("ikd0", queues, mtu, tunAddresses, 220, 220, 0x1d1, "ikd");
    }
}
