package org.ikd.esp.interop;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * TODO(issue 4, reverse direction): open ESP-in-UDP packets produced by strongSwan's
 * kernel-libipsec with ikd. Needs captures from the interop lab (src-it): a pcap of charon's
 * UDP/4500 ESP for each proposal plus the keys charon logs at "chd 4" (STRONGSWAN.md), stored as
 * test resources (e.g. vectors/strongswan/esp-*.pcap + .keys). None exist yet.
 */
@Disabled("no strongSwan ESP captures exist yet; they come from the src-it interop lab")
class StrongSwanEspCapturesTest {
    @Test
    void opensStrongSwanKernelLibipsecEspInUdp() {
        // For each capture: install an inbound SA with the logged keys (tunnel, UDP-encapsulated,
        // replay window 128, no ESN), feed every UDP/4500 payload to DataPlane.inbound and expect
        // DELIVER with the inner packets tshark shows for the same capture.
    }
}
