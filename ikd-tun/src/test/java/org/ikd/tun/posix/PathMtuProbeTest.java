package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * IP_MTU on a connected UDP socket needs no privilege: towards loopback it is the MTU of {@code lo},
 * read here from sysfs (the kernel's own figure, not ikd's), at most 65535: an IPv4 packet cannot be
 * longer (RFC 791 §3.1, Total Length is 16 bits; the kernel caps a route's MTU at IP_MAX_MTU). The route's {@code mtu} metric and a
 * narrowed WAN link are covered by SiteToSiteIT in namespaces.
 */
class PathMtuProbeTest {
    @Test
    void towardsLoopbackIsLoopbacksMtu() throws Exception {
        int lo = Integer.parseInt(Files.readString(Path.of("/sys/class/net/lo/mtu")).strip());
        assertEquals(Math.min(lo, 65535), PathMtuProbe.towards(InetAddress.getByName("127.0.0.1"), 0));
    }
}
