package org.ikd.it.swan;

import org.ikd.it.lab.TwoHosts;

/**
 * The address family of a traffic-matrix cell: the outer addresses (IKE and ESP in UDP between the
 * hosts), the inner networks the tunnel carries and the inner addresses that ping and iperf3 use.
 * IPv6 is {@link TwoHosts#withIpv6()}'s: 2001:2::/48 (RFC 5180), written as charon prints it.
 */
enum Family {
    IPV4(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B, TwoHosts.INNER_A, TwoHosts.INNER_B),
    IPV6(TwoHosts.A6, TwoHosts.B6, TwoHosts.NET_A6, TwoHosts.NET_B6, TwoHosts.INNER_A6, TwoHosts.INNER_B6);

    final String a;
    final String b;
    final String netA;
    final String netB;
    final String innerA;
    final String innerB;

    Family(String a, String b, String netA, String netB, String innerA, String innerB) {
        this.a = a;
        this.b = b;
        this.netA = netA;
        this.netB = netB;
        this.innerA = innerA;
        this.innerB = innerB;
    }
}
