package org.ikd.core.ike;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Subnet;

/**
 * What a gateway gave us, its road warrior, by Mode-Config (draft-dukes-ike-mode-cfg-02 §3.2, §4):
 * our virtual address, the networks to send into the tunnel (INTERNAL_IP4_SUBNET and Cisco Unity
 * split include; empty: everything but the gateway itself), DNS servers, and how many attributes
 * were dropped as malformed or unsafe. Every value was checked against the gateway's own address
 * before it got here.
 */
public record ClientLease(InetAddress address, List<Subnet> networks, List<InetAddress> dns, int dropped) {
    public ClientLease {
        networks = List.copyOf(networks);
        dns = List.copyOf(dns);
    }

    @Override
    public String toString() {
        return AddressText.of(address) + ", networks " + (networks.isEmpty() ? "all (none given)" : networks.toString())
                + (dns.isEmpty() ? "" : ", DNS " + dns.stream().map(AddressText::of).toList())
                + (dropped == 0 ? "" : ", " + dropped + " attribute(s) dropped");
    }
}
