package org.ikd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The capabilities {@code ikd run} checks up front. CapEff masks as the kernel prints them in
 * /proc/PID/status; bits from linux/capability.h: NET_BIND_SERVICE 10, NET_ADMIN 12, NET_RAW 13.
 */
class CapabilitiesTest {
    private static String status(String capEff) {
        return "Name:\tjava\nUid:\t65534\t65534\t65534\t65534\nCapInh:\t0000000000000000\nCapPrm:\t" + capEff + "\nCapEff:\t" + capEff + "\n";
    }

    private static List<String> missing(String capEff, int portStart) {
        return Capabilities.missing(status(capEff), portStart).stream().map(Capabilities.Needed::name).toList();
    }

    @Test
    void rootHasEverything() {
        assertEquals(List.of(), missing("000001ffffffffff", 1024));
    }

    @Test
    void theThreeOfIkdServiceAreEnough() {
        assertEquals(List.of(), missing("0000000000003400", 1024));
    }

    @Test
    void nobodyWithoutCapabilitiesLacksAllThree() {
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_NET_BIND_SERVICE"), missing("0000000000000000", 1024));
    }

    @Test
    void eachMissingOneIsNamedAlone() {
        assertEquals(List.of("CAP_NET_RAW"), missing("0000000000001400", 1024));
        assertEquals(List.of("CAP_NET_ADMIN"), missing("0000000000002400", 1024));
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), missing("0000000000003000", 1024));
    }

    @Test
    void port500NeedsNoCapabilityWhenUnprivilegedPortsStartBelowIt() {
        assertEquals(List.of(), missing("0000000000003000", 0));
        assertEquals(List.of("CAP_NET_BIND_SERVICE"), missing("0000000000003000", 501));
    }

    @Test
    void withoutACapEffLineNothingIsClaimed() {
        assertEquals(List.of(), Capabilities.missing("Name:\tjava\n", 1024));
    }

    @Test
    void theRefusalIsOneLineNamingWhatIsMissingAndWhatFor() {
        String line = Capabilities.refusal(Capabilities.missing(status("0000000000000400"), 1024));
        assertEquals("ikd: cannot start: missing CAP_NET_ADMIN (TUN device, routes, nftables), CAP_NET_RAW (ESP and AH sockets);"
                + " run ikd as root, or with these capabilities as conf/ikd.service grants them (AmbientCapabilities=)", line);
        assertNull(Capabilities.refusal(List.of()));
    }
}
