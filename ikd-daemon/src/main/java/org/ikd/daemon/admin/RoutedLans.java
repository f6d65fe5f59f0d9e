package org.ikd.daemon.admin;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.tun.IpPrefix;

/**
 * {@code ikdctl diag}'s look for a LAN of this gateway routed into the TUN (issue 14): when a route
 * into the TUN covers a whole network of another device, and that network takes part in a tunnel
 * rule, the hosts of that LAN no longer reach the gateway in the clear (their answers go into the
 * TUN) and their cleartext may be dropped, so nothing is negotiated for them. In transport mode a
 * host may rightly protect its whole link (server isolation), which is not reported.
 */
final class RoutedLans {
    /** A network on a device of this host: one of the device's addresses and its prefix length. */
    record Connected(String device, InetAddress address, int length) {
        Subnet network() {
            return Subnet.of(address, length);
        }

        @Override
        public String toString() {
            return Subnet.of(address, length) + " on " + device + " (" + AddressText.of(address) + "/" + length + ")";
        }
    }

    private RoutedLans() {}

    /** The connected networks cut off by {@code routed} (routes into the TUN), as "network on device (address) by route". */
    static List<String> find(Collection<IpPrefix> routed, List<Connected> connected, List<Subnet> tunnelSides) {
        List<String> found = new ArrayList<>();
        for (Connected c : connected) {
            Subnet lan = c.network();
            if (tunnelSides.stream().noneMatch(t -> t.covers(lan) || lan.covers(t))) continue;
            for (IpPrefix r : routed) {
                if (Subnet.of(r.address(), r.length()).covers(lan)) {
                    found.add(c + " by the route " + r);
                    break;
                }
            }
        }
        return found;
    }

    /** Both sides of every selector of the tunnel-mode rules that protect or block. */
    static List<Subnet> tunnelSides(Policy policy) {
        List<Subnet> sides = new ArrayList<>();
        for (Rule r : policy.rules()) {
            if (!r.isTunnel() || r.action() instanceof FilterAction.Permit) continue;
            r.filterList().filters().forEach(f -> {
                Selector s = f.selector();
                sides.add(s.source());
                sides.add(s.destination());
            });
        }
        return sides;
    }

    /** The networks of every device that is up, except loopback and {@code tunName}. */
    static List<Connected> connected(String tunName) throws IOException {
        List<Connected> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback() || nic.getName().equals(tunName)) continue;
            for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                InetAddress address = a.getAddress();
                if (address.isLinkLocalAddress() || address.isMulticastAddress()) continue;
                out.add(new Connected(nic.getName(), InetAddress.getByAddress(null, address.getAddress()), a.getNetworkPrefixLength()));
            }
        }
        return out;
    }
}
