package org.ikd.tun;

/**
 * Traffic from a peer that the policy says must arrive protected: cleartext packets matching it are
 * dropped before they reach the host. ESP, AH and IKE (UDP 500/4500) always pass, and so does
 * everything ikd itself delivers through its TUN device.
 *
 * @param protocol   IP protocol number (6 = TCP, 17 = UDP), 0 for any protocol
 * @param localPorts destination ports on this host; only with TCP (6), UDP (17) or SCTP (132)
 */
public record ProtectedPeer(IpPrefix source, int protocol, Ports localPorts) {
    public ProtectedPeer {
        if (protocol < 0 || protocol > 255) throw new IllegalArgumentException("protocol " + protocol + " (expected: 0..255)");
        if (!localPorts.isAny() && protocol != 6 && protocol != 17 && protocol != 132)
            throw new IllegalArgumentException("ports " + localPorts + " with protocol " + protocol
                    + " (expected: ports only with TCP 6, UDP 17 or SCTP 132)");
    }

    /** All traffic from {@code source}. */
    public static ProtectedPeer allTraffic(IpPrefix source) {
        return new ProtectedPeer(source, 0, Ports.ANY);
    }

    /** An inclusive port range; {@link #ANY} is 0..65535. */
    public record Ports(int first, int last) {
        public static final Ports ANY = new Ports(0, 65535);

        public Ports {
            if (first < 0 || last > 65535 || first > last)
                throw new IllegalArgumentException("ports " + first + "-" + last + " (expected: 0 <= first <= last <= 65535)");
        }

        public static Ports of(int port) {
            return new Ports(port, port);
        }

        public boolean isAny() {
            return first == 0 && last == 65535;
        }

        @Override
        public String toString() {
            return first == last ? Integer.toString(first) : first + "-" + last;
        }
    }
}
