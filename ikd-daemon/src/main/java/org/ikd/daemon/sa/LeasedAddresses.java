package org.ikd.daemon.sa;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.ikd.core.ike.ClientLease;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Subnet;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ikd as a road warrior: what its gateway leased it by Mode-Config (draft-dukes-ike-mode-cfg-02) goes on
 * the host while the ISAKMP SA lives, and off when it goes.
 * <ol>
 * <li>the address on the TUN ({@code ip addr add LEASE/32 dev ikd0});
 * <li>each network the gateway named into the TUN with the lease as source, or, when it named none,
 *     everything but the gateway's own address (32 prefixes around it: its IKE and ESP-in-UDP must not
 *     loop into the tunnel; ikd's own sockets are marked and take the main table anyway);
 * <li>when the ISAKMP SA is deleted: the routes added here, then the address.
 * </ol>
 * A route the policy already put into the TUN stays as it is (the kernel then takes the TUN's one
 * address, the lease, as source) and is not removed. A renewed ISAKMP SA that gets the same address
 * takes over what the old one installed. Events come on the IKE event loop; the netlink
 * work runs on {@code work} (the daemon's timer thread), one lease at a time.
 */
public final class LeasedAddresses implements Consumer<IkeEvent> {
    private static final Logger log = LoggerFactory.getLogger(LeasedAddresses.class);

    /** What this class put on the host for one ISAKMP SA. */
    private record Installed(LinkAddress address, List<Route> routes) {}

    private final LinkLayer link;
    private final LinkSettings settings;
    private final Executor work;
    private final Map<CookiePair, Installed> installed = new ConcurrentHashMap<>();

    public LeasedAddresses(LinkLayer link, LinkSettings settings, Executor work) {
        this.link = link;
        this.settings = settings;
        this.work = work;
    }

    @Override
    public void accept(IkeEvent e) {
        if (e instanceof IkeEvent.LeaseGranted g) work.execute(() -> install(g));
        else if (e instanceof IkeEvent.SaDeleted d && d.which() instanceof IkeEvent.IsakmpSaRef r) work.execute(() -> remove(r.cookies()));
    }

    private void install(IkeEvent.LeaseGranted g) {
        ClientLease lease = g.lease();
        try {
            int tun = link.routing().interfaceIndex(settings.tunName());
            LinkAddress address = new LinkAddress(lease.address(), 32);
            Installed previous = takeOver(address);
            List<Route> added = new ArrayList<>(previous == null ? List.of() : previous.routes());
            if (previous == null) link.routing().addAddress(tun, address);
            for (IpPrefix p : destinations(lease, g.gateway().getAddress())) {
                Route r = new Route(p, settings.routeTable(), tun, lease.address());
                if (link.routing().ensureRoute(r)) added.add(r);
            }
            Installed was = installed.put(g.cookies(), new Installed(address, added));
            if (was != null) uninstall(was);
            log.info("lease {} from gateway {} (rule '{}') on {}: {} route(s) added", lease, AddressText.of(g.gateway().getAddress()),
                    g.rule(), settings.tunName(), added.size());
        } catch (IOException | RuntimeException e) {
            log.warn("could not install the lease {} from {}: {}", lease, AddressText.of(g.gateway().getAddress()), e.toString());
        }
    }

    /**
     * A new ISAKMP SA (a renewal: Main Mode, XAUTH and Mode-Config again) that got the address an older
     * one holds takes it over with its routes, so that the older one's Delete leaves them in place.
     */
    private Installed takeOver(LinkAddress address) {
        for (var e : installed.entrySet())
            if (e.getValue().address().equals(address) && installed.remove(e.getKey(), e.getValue())) return e.getValue();
        return null;
    }

    private void remove(CookiePair cookies) {
        Installed gone = installed.remove(cookies);
        if (gone != null) uninstall(gone);
    }

    private void uninstall(Installed gone) {
        try {
            for (Route r : gone.routes()) link.routing().deleteRoute(r);
            link.routing().deleteAddress(link.routing().interfaceIndex(settings.tunName()), gone.address());
            log.info("lease {} removed from {} with {} route(s)", gone.address(), settings.tunName(), gone.routes().size());
        } catch (IOException | RuntimeException e) {
            log.warn("could not remove the lease {}: {}", gone.address(), e.toString());
        }
    }

    /** The lease's networks, or all of IPv4 but {@code gateway}: a client never routes its gateway into the tunnel. */
    static List<IpPrefix> destinations(ClientLease lease, InetAddress gateway) {
        List<IpPrefix> out = new ArrayList<>();
        for (Subnet s : lease.networks())
            if (s.isIpv4() && !s.contains(gateway)) out.add(new IpPrefix(s.network(), s.prefix()));
        if (!lease.networks().isEmpty()) return out;
        int gw = ByteBuffer.wrap(gateway.getAddress()).getInt();
        for (int length = 1; length <= 32; length++) {            // the sibling of the gateway's prefix at each length
            int mask = -1 << (32 - length);
            int sibling = (gw ^ (1 << (32 - length))) & mask;
            out.add(new IpPrefix(address(sibling), length));
        }
        return out;
    }

    private static InetAddress address(int v4) {
        try {
            return InetAddress.getByAddress(ByteBuffer.allocate(4).putInt(v4).array());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
