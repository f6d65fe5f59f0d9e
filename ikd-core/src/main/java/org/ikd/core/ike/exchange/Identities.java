package org.ikd.core.ike.exchange;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;

/**
 * ID payloads (RFC 2407 §4.6.2): phase-1 identities (IPV4_ADDR, IPV6_ADDR, FQDN, USER_FQDN, KEY_ID)
 * and Quick Mode client IDs, which carry one side of a selector with its protocol and port.
 */
final class Identities {
    private Identities() {}

    /** The phase-1 identity of an address (strongSwan's default: IDs are the outer addresses). */
    static IdentificationPayload ofAddress(InetAddress a) {
        return IdentificationPayload.of(a instanceof Inet4Address ? IdType.IPV4_ADDR : IdType.IPV6_ADDR, Bytes.of(a.getAddress()));
    }

    /** For logs and PSK binding: {@code 198.18.0.1}, {@code fqdn host.example}, {@code key_id 0a0b}. */
    static String describe(IdentificationPayload id) {
        IdType t = id.idType();
        if (t.equals(IdType.IPV4_ADDR) || t.equals(IdType.IPV6_ADDR)) return AddressText.of(address(id.data()));
        if (t.equals(IdType.FQDN) || t.equals(IdType.USER_FQDN))
            return t.name().toLowerCase() + " " + new String(id.data().toArray(), StandardCharsets.US_ASCII);
        return t.name().toLowerCase() + " " + id.data().toHex();
    }

    /** One side of a selector as IDci/IDcr: a host is an address, a prefix an address and mask. */
    static IdentificationPayload ofSide(Subnet side, int protocol, PortRange ports) {
        int port = ports.isSingle() ? ports.from() : 0;
        boolean v4 = side.isIpv4();
        if (side.isHost())
            return new IdentificationPayload(v4 ? IdType.IPV4_ADDR : IdType.IPV6_ADDR, protocol, port, Bytes.of(side.network().getAddress()));
        byte[] mask = new byte[v4 ? 4 : 16];
        for (int bit = 0; bit < side.prefix(); bit++) mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        return new IdentificationPayload(v4 ? IdType.IPV4_ADDR_SUBNET : IdType.IPV6_ADDR_SUBNET, protocol, port,
                Bytes.concat(Bytes.of(side.network().getAddress()), Bytes.of(mask)));
    }

    /** The selector from {@code from}'s side to {@code to}'s (RFC 2409 §5.5 IDci/IDcr). */
    static Selector selector(IdentificationPayload from, IdentificationPayload to) {
        Subnet s = subnet(from);
        Subnet d = subnet(to);
        if (s.isIpv4() != d.isIpv4())
            throw new MalformedMessageException(NotifyType.INVALID_ID_INFORMATION, "client IDs mix IPv4 and IPv6: " + s + ", " + d);
        int protocol = from.protocolId() != 0 ? from.protocolId() : to.protocolId();
        return new Selector(s, d, protocol, PortRange.single(from.port()), PortRange.single(to.port()));
    }

    static Subnet subnet(IdentificationPayload id) {
        IdType t = id.idType();
        if (t.equals(IdType.IPV4_ADDR) || t.equals(IdType.IPV6_ADDR)) return Subnet.host(address(id.data()));
        if (t.equals(IdType.IPV4_ADDR_SUBNET) || t.equals(IdType.IPV6_ADDR_SUBNET)) {
            int half = id.data().length() / 2;
            Bytes mask = id.data().slice(half, id.data().length());
            int prefix = 0;
            while (prefix < half * 8 && (mask.getUnsigned(prefix / 8) & (0x80 >>> (prefix % 8))) != 0) prefix++;
            return Subnet.of(address(id.data().slice(0, half)), prefix);
        }
        throw new MalformedMessageException(NotifyType.INVALID_ID_INFORMATION,
                "found client ID type " + t + ", expected an address or subnet (ranges are not supported)");
    }

    private static InetAddress address(Bytes raw) {
        try {
            return InetAddress.getByAddress(raw.toArray());
        } catch (UnknownHostException e) {
            throw new MalformedMessageException(NotifyType.INVALID_ID_INFORMATION, "address of " + raw.length() + " bytes");
        }
    }
}
