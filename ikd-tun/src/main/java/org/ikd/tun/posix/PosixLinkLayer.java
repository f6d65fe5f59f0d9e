package org.ikd.tun.posix;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ikd.tun.EspInUdpSocket;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.Route;
import org.ikd.tun.Routing;
import org.ikd.tun.RoutingRule;
import org.ikd.tun.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LinkLayer} on Linux: rtnetlink for links, routes and rules, {@code nft} for enforcement,
 * in the network namespace of the thread that opened it (see docs/tun.md for the routing scheme).
 * Called from one control thread.
 */
public final class PosixLinkLayer implements LinkLayer {
    private static final Logger log = LoggerFactory.getLogger(PosixLinkLayer.class);
    /**
     * Packets the kernel queues for the outbound pumps (tun's default is 500). tun orphans the skbs it
     * queues, so TCP Small Queues do not hold a sender back: a burst beyond the queue is dropped
     * (tx_dropped of the device), which cost a TCP stream hundreds of retransmits per 5 s (docs/performance.md).
     */
    static final int TUN_TX_QUEUE_LENGTH = 5000;
    /**
     * With TUN offloads a TCP sender's burst is a few superpackets (up to 64 KB each), so a short
     * queue holds as many bytes as 5,000 MTU-sized packets did, and a UDP flood beyond what the pump
     * can seal waits at most 256 packets (~10 ms at 300 Mbit/s) instead of ~190 ms: measured under
     * the bench's flood, ping p50/p99 0.5/17.5 ms against 51/210 ms at 5,000, TCP 1 stream unchanged
     * (1017 against 893 Mbit/s; docs/performance.md). {@code ip link set ikd0 txqueuelen N} changes it live.
     */
    static final int TUN_TX_QUEUE_LENGTH_OFFLOADS = 256;

    private final LinkSettings settings;
    private final Rtnetlink rtnetlink;
    private PosixTunDevice tun;
    private int tunIndex = -1;
    private NftTable nft;
    private boolean enforcing;

    private PosixLinkLayer(LinkSettings settings, Rtnetlink rtnetlink) {
        this.settings = settings;
        this.rtnetlink = rtnetlink;
    }

    public static PosixLinkLayer open(LinkSettings settings) throws IOException {
        return new PosixLinkLayer(settings, Rtnetlink.open());
    }

    @Override
    public void cleanupLeftovers() throws IOException {
        int rules = rtnetlink.flushRules(settings.rulePriority());
        int routes = rtnetlink.flushRoutes(settings.routeTable());
        boolean link = rtnetlink.deleteLink(settings.tunName());
        boolean table = false;
        if (nftIfInstalled() != null) {
            table = tableExists();
            nft.delete();
        }
        if (rules + routes > 0 || link || table)
            log.info("removed leftovers of an earlier run: {} rule(s) at priority {}, {} route(s) in table {}{}{}",
                    rules, settings.rulePriority(), routes, settings.routeTable(),
                    link ? ", link " + settings.tunName() : "", table ? ", nft table inet " + settings.nftTable() : "");
    }

    @Override
    public TunDevice openTun() throws IOException {
        return openTun(false);
    }

    @Override
    public TunDevice openTun(boolean offloads) throws IOException {
        if (tun != null) throw new IllegalStateException(settings.tunName() + " is already open");
        if (rtnetlink.interfaceIndex(settings.tunName()) >= 0)
            throw new IOException("a link named " + settings.tunName() + " exists: another ikd runs, or call cleanupLeftovers() first");
        PosixTunDevice device = PosixTunDevice.open(settings.tunName(), settings.queues(), offloads);
        try {
            int index = rtnetlink.interfaceIndex(settings.tunName());
            if (index < 0) throw new IOException(settings.tunName() + " vanished right after it was created");
            rtnetlink.setMtu(index, settings.mtu());
            rtnetlink.setTxQueueLength(index, device.offloads() ? TUN_TX_QUEUE_LENGTH_OFFLOADS : TUN_TX_QUEUE_LENGTH);
            for (LinkAddress a : settings.tunAddresses()) rtnetlink.addAddress(index, a);
            rtnetlink.setUp(index);
            sendNoRedirects(settings.tunName());
            installRules();
            tun = device;
            tunIndex = index;
            log.info("opened {} (index {}, {} queues, MTU {}, offloads {}), rule 'not fwmark 0x{} lookup {}' at priority {}",
                    device.name(), index, settings.queues(), settings.mtu(), device.offloads() ? "on" : "off", Integer.toHexString(settings.fwmark()),
                    settings.routeTable(), settings.rulePriority());
            return device;
        } catch (IOException | RuntimeException e) {
            device.close();
            try {
                rtnetlink.flushRules(settings.rulePriority());
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * No ICMP redirects out of the TUN: a packet forwarded back into it (a gateway between two
     * tunnels, or a LAN's packet to another tunneled network) has no next hop on the sender's link
     * to redirect to (RFC 1812 §5.2.7.2). Linux sends one when {@code conf/all} OR the device's own
     * switch is on, so both go off; other devices keep their own switch (on by default). Linux has
     * no such switch for IPv6 redirects (RFC 4861 §8.2), which are left as they are.
     */
    private static void sendNoRedirects(String tunName) {
        for (String device : List.of(tunName, "all")) {
            Path p = Path.of("/proc/sys/net/ipv4/conf", device, "send_redirects");
            try {
                Files.writeString(p, "0");
            } catch (IOException e) {
                log.warn("could not turn ICMP redirects off ({}): {}", p, e.toString());
            }
        }
    }

    /** One rule per family; a kernel without IPv6 answers EAFNOSUPPORT for the second. */
    private void installRules() throws IOException {
        for (IpFamily family : IpFamily.values()) {
            try {
                rtnetlink.addRule(RoutingRule.notMarked(family, settings.rulePriority(), settings.fwmark(), settings.routeTable()));
            } catch (ErrnoException e) {
                if (family == IpFamily.IPV4 || e.errno() != ErrnoException.EAFNOSUPPORT) throw e;
            }
        }
    }

    @Override
    public void routeIntoTun(IpPrefix destination) throws IOException {
        routeIntoTun(destination, null);
    }

    @Override
    public void routeIntoTun(IpPrefix destination, InetAddress preferredSource) throws IOException {
        if (tun == null) throw new IllegalStateException("routeIntoTun before openTun");
        Route route = new Route(destination, settings.routeTable(), tunIndex, preferredSource);
        try {
            if (rtnetlink.ensureRoute(route)) log.debug("route {} dev {}", route, settings.tunName());
        } catch (ErrnoException e) {
            // EINVAL "Invalid prefsrc address": not (yet) an address of this host. Protect the peer
            // anyway; the kernel then picks the source (an unbound socket may need to bind).
            if (preferredSource == null || e.errno() != ErrnoException.EINVAL) throw e;
            log.warn("route {} dev {}: {}; routed without a preferred source", route, settings.tunName(), e.getMessage());
            routeIntoTun(destination, null);
        }
    }

    @Override
    public void unrouteFromTun(IpPrefix destination) throws IOException {
        if (tun == null) return;                        // the routes went with the device
        rtnetlink.deleteRoute(new Route(destination, settings.routeTable(), tunIndex));
    }

    @Override
    public RawIpSocket openRawSocket(IpFamily family, int protocol, InetAddress bindTo) throws IOException {
        return PosixRawIpSocket.open(family, protocol, settings.fwmark(), bindTo, settings.socketBuffer());
    }

    @Override
    public EspInUdpSocket openEspInUdpSocket(InetAddress local, int port, int pumps) throws IOException {
        return PosixEspInUdpSocket.open(local, port, settings.fwmark(), settings.socketBuffer(), pumps);
    }

    @Override
    public RawIpSocket openRawSocket(IpFamily family, int protocol, int pumps, int index) throws IOException {
        PosixRawIpSocket s = PosixRawIpSocket.open(family, protocol, settings.fwmark(), null, settings.socketBuffer());
        try {
            if (pumps > 1) s.spreadBySpi(pumps, index);
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public RawIpSocket openHeaderIncludedSocket(IpFamily family) throws IOException {
        return PosixRawIpSocket.openHeaderIncluded(family, settings.fwmark(), settings.socketBuffer());
    }

    @Override
    public void enforce(InboundEnforcement enforcement) throws IOException {
        if (nftIfInstalled() == null) nft = new NftTable(NftTable.locate(), settings.nftTable(), settings.tunName());
        nft.apply(enforcement);
        enforcing = true;
        log.info("nft table inet {}: {} protected peer(s)", settings.nftTable(), enforcement.peers().size());
    }

    @Override
    public int fwmark() {
        return settings.fwmark();
    }

    @Override
    public Routing routing() {
        return rtnetlink;
    }

    /** Stop in reverse: rule (no more diversion), device (its routes go with it), table, enforcement. */
    @Override
    public void close() throws IOException {
        List<IOException> failures = new ArrayList<>();
        attempt(failures, () -> rtnetlink.flushRules(settings.rulePriority()));
        if (tun != null) tun.close();
        tun = null;
        attempt(failures, () -> rtnetlink.flushRoutes(settings.routeTable()));
        if (enforcing) attempt(failures, () -> nft.delete());
        enforcing = false;
        rtnetlink.close();
        if (!failures.isEmpty()) {
            IOException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
    }

    private NftTable nftIfInstalled() {
        if (nft == null) {
            try {
                nft = new NftTable(NftTable.locate(), settings.nftTable(), settings.tunName());
            } catch (IOException e) {
                log.debug("no nft: {}", e.getMessage());
            }
        }
        return nft;
    }

    private boolean tableExists() {
        try {
            nft.list();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    private static void attempt(List<IOException> failures, Step step) {
        try {
            step.run();
        } catch (IOException e) {
            failures.add(e);
        }
    }

    @Override
    public String toString() {
        return "link layer " + settings.tunName() + " table " + settings.routeTable() + " priority " + settings.rulePriority();
    }
}
