package org.ikd.tun.posix;

import java.io.IOException;
import java.net.InetAddress;
import jnr.ffi.Pointer;
import org.ikd.tun.AddressText;
import org.ikd.tun.IpFamily;

/**
 * The MTU of the path the kernel would use towards a peer: a UDP socket carrying the link layer's
 * firewall mark (so it follows the same policy routing as ikd's raw sends) is connected, which sends
 * nothing but binds a route, and {@code IP_MTU} / {@code IPV6_MTU} is read (ip(7), ipv6(7)). The
 * answer is the route's {@code mtu} metric if set, else the device's MTU, lowered by any path MTU the
 * kernel learned from ICMP. Simpler than parsing an RTM_GETROUTE reply plus the device's MTU, and the
 * same number the kernel checks a header-included raw send against (EMSGSIZE). Not per packet: a
 * socket per call.
 */
public final class PathMtuProbe {
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_IPV6 = 41;
    private static final int IP_MTU = 14;
    private static final int IPV6_MTU = 24;

    private PathMtuProbe() {
    }

    /** The path MTU towards {@code peer} for packets marked {@code mark} (0: unmarked). */
    public static int towards(InetAddress peer, int mark) throws IOException {
        byte[] raw = peer.getAddress();
        IpFamily family = IpFamily.ofLength(raw.length);
        String name = "path MTU to " + AddressText.of(peer);
        int fd = Native.check(Native.libc().socket(family.addressFamily(), Native.SOCK_DGRAM | Native.SOCK_CLOEXEC, 0),
                "socket for " + name);
        try {
            if (mark != 0) Native.setIntOption(fd, Native.SOL_SOCKET, Native.SO_MARK, mark, "SO_MARK for " + name);
            Pointer sockaddr = Native.allocate(SocketAddresses.SOCKADDR_IN6_SIZE);
            int size = SocketAddresses.encode(sockaddr, 0, family, raw, 0);
            Native.check(Native.libc().connect(fd, sockaddr, size), "connect for " + name);
            return family == IpFamily.IPV4 ? Native.intOption(fd, IPPROTO_IP, IP_MTU, "IP_MTU " + name)
                    : Native.intOption(fd, IPPROTO_IPV6, IPV6_MTU, "IPV6_MTU " + name);
        } finally {
            Native.closeQuietly(fd);
        }
    }
}
