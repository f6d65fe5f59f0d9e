package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.ClientLease;
import org.ikd.core.isakmp.doi.ConfigAttribute;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Subnet;

/**
 * Reads a gateway's CFG_REPLY or CFG_SET (draft-dukes-ike-mode-cfg-02 §3.2) into a {@link ClientLease},
 * trusting nothing in it: an address we could not use (0.0.0.0, loopback, multicast, class E, the
 * gateway's own) or a netmask that puts the gateway on our link refuses the whole reply; a network or
 * DNS server that is malformed, or a network that covers the gateway (its packets to us would loop
 * into the tunnel), is dropped and counted.
 */
final class ModeConfigReply {
    /** §4: INTERNAL_IP4_SUBNET is address and mask; Cisco Unity split include 14 bytes: address, mask, 6 more. */
    private static final int SUBNET_BYTES = 8;
    private static final int UNITY_BYTES = 14;

    private ModeConfigReply() {}

    static ClientLease read(AttributePayload reply, InetAddress gateway) {
        InetAddress address = usable(reply.attribute(ConfigAttribute.INTERNAL_IP4_ADDRESS).map(DataAttribute::value)
                .orElseThrow(() -> refused("found no INTERNAL_IP4_ADDRESS, expected our virtual address")), gateway);
        var mask = reply.attribute(ConfigAttribute.INTERNAL_IP4_NETMASK).map(DataAttribute::value);
        if (mask.isPresent()) {
            int prefix = prefix(mask.get(), 0);
            if (prefix < 0) throw refused("found INTERNAL_IP4_NETMASK " + mask.get().toHex() + ", expected 4 bytes of contiguous ones");
            if (Subnet.of(address, prefix).contains(gateway))
                throw refused("found INTERNAL_IP4_NETMASK /" + prefix + " that puts the gateway " + AddressText.of(gateway)
                        + " on our virtual link, expected one that leaves it outside");
        }
        List<Subnet> networks = new ArrayList<>();
        List<InetAddress> dns = new ArrayList<>();
        int dropped = 0;
        for (DataAttribute a : reply.attributes()) {
            if (a.type() == ConfigAttribute.INTERNAL_IP4_SUBNET) dropped += networks(a.value(), SUBNET_BYTES, gateway, networks);
            else if (a.type() == ConfigAttribute.UNITY_SPLIT_INCLUDE) dropped += networks(a.value(), UNITY_BYTES, gateway, networks);
            else if (a.type() == ConfigAttribute.INTERNAL_IP4_DNS && a.value().length() > 0) {
                InetAddress d = a.value().length() == 4 ? address(a.value()) : null;
                if (d == null || d.isAnyLocalAddress() || d.isMulticastAddress()) dropped++;
                else dns.add(d);
            }
        }
        return new ClientLease(address, networks.stream().distinct().toList(), dns, dropped);
    }

    /** The networks of one attribute, {@code size} bytes each; returns how many were dropped. */
    private static int networks(Bytes value, int size, InetAddress gateway, List<Subnet> out) {
        if (value.length() == 0) return 0;
        if (value.length() % size != 0) return 1;                           // malformed: the whole attribute
        int dropped = 0;
        for (int at = 0; at < value.length(); at += size) {
            int prefix = prefix(value, at + 4);
            InetAddress network = address(value.slice(at, at + 4));
            if (prefix < 0 || prefix == 0) {                               // a default route is not a split network
                dropped++;
                continue;
            }
            Subnet s = Subnet.of(network, prefix);
            if (s.contains(gateway) || network.isMulticastAddress()) dropped++;
            else out.add(s);
        }
        return dropped;
    }

    /** The prefix length of the 4-byte mask at {@code at}, or -1 when its ones are not contiguous (or it is short). */
    private static int prefix(Bytes b, int at) {
        if (b.length() < at + 4) return -1;
        int m = ByteBuffer.wrap(b.toArray(), at, 4).getInt();
        int ones = Integer.bitCount(m);
        return m == (ones == 0 ? 0 : -1 << (32 - ones)) ? ones : -1;
    }

    private static InetAddress usable(Bytes value, InetAddress gateway) {
        if (value.length() != 4) throw refused("found INTERNAL_IP4_ADDRESS of " + value.length() + " bytes, expected 4");
        InetAddress a = address(value);
        int first = value.get(0) & 0xff;
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isMulticastAddress() || a.isLinkLocalAddress() || first >= 240
                || a.equals(gateway))
            throw refused("found INTERNAL_IP4_ADDRESS " + AddressText.of(a) + ", expected a unicast address that is not the gateway's");
        return a;
    }

    private static InetAddress address(Bytes four) {
        try {
            return InetAddress.getByAddress(four.slice(0, 4).toArray());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);                                // four bytes are always an address
        }
    }

    private static IsakmpException refused(String detail) {
        return new IsakmpException(NotifyType.PAYLOAD_MALFORMED, detail);
    }
}
