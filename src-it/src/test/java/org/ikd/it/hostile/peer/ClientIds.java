package org.ikd.it.hostile.peer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.payload.IdentificationPayload;

/** Quick Mode client IDs (RFC 2407 §4.6.2): one side of the traffic, an address or a subnet, with protocol and port. */
public final class ClientIds {
    private ClientIds() {}

    /** e.g. {@code 198.18.0.1}, {@code 198.19.0.0/16}; protocol 0 and port 0 mean any. */
    public static IdentificationPayload of(String addressOrSubnet, int protocol, int port) {
        int slash = addressOrSubnet.indexOf('/');
        if (slash < 0) return new IdentificationPayload(IdType.IPV4_ADDR, protocol, port, Bytes.of(address(addressOrSubnet)));
        int prefix = Integer.parseInt(addressOrSubnet.substring(slash + 1));
        byte[] mask = new byte[4];
        for (int bit = 0; bit < prefix; bit++) mask[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        return new IdentificationPayload(IdType.IPV4_ADDR_SUBNET, protocol, port,
                Bytes.concat(Bytes.of(address(addressOrSubnet.substring(0, slash))), Bytes.of(mask)));
    }

    public static IdentificationPayload of(String addressOrSubnet) {
        return of(addressOrSubnet, 0, 0);
    }

    /** e.g. {@code 198.18.0.2}, {@code 198.19.0.0/16 proto 17 port 7}, for reports. */
    public static String describe(IdentificationPayload id) {
        byte[] d = id.data().toArray();
        String text = (d[0] & 0xff) + "." + (d[1] & 0xff) + "." + (d[2] & 0xff) + "." + (d[3] & 0xff);
        if (id.idType().equals(IdType.IPV4_ADDR_SUBNET))
            text += "/" + Integer.bitCount(((d[4] & 0xff) << 24) | ((d[5] & 0xff) << 16) | ((d[6] & 0xff) << 8) | (d[7] & 0xff));
        return text + (id.protocolId() == 0 ? "" : " proto " + id.protocolId()) + (id.port() == 0 ? "" : " port " + id.port());
    }

    private static byte[] address(String a) {
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }
}
