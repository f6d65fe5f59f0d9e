package org.ikd.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class RouteTest {
    @Test
    void refusesAPreferredSourceOfTheOtherFamily() throws Exception {
        IpPrefix v4 = IpPrefix.parse("198.18.0.2/32");
        assertThrows(IllegalArgumentException.class, () -> new Route(v4, 220, 2, InetAddress.getByName("2001:db8::1")));
    }

    @Test
    void rendersTheSourceLikeIpRouteShow() throws Exception {
        Route r = new Route(IpPrefix.parse("198.18.0.2/32"), 220, 2, InetAddress.getByName("198.18.0.1"));
        assertEquals("198.18.0.2/32 dev #2 table 220 src 198.18.0.1", r.toString());
        assertNull(new Route(IpPrefix.parse("198.18.0.2/32"), 220, 2).preferredSource());
    }
}
