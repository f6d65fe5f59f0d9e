package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * This host's addresses as {@code me} means them (Windows' "My IP address"): every address of
 * every interface that is up, except loopback, link-local and multicast ones.
 */
public final class HostAddresses {
    private HostAddresses() {}

    public static List<InetAddress> current() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) continue;
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isMulticastAddress()) continue;
                    out.add(InetAddress.getByAddress(a.getAddress()));     // drops an IPv6 scope
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            return List.of();
        }
        return List.copyOf(out);
    }
}
