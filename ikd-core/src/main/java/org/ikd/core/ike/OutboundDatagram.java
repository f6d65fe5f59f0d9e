package org.ikd.core.ike;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.AddressText;

/**
 * One datagram for the transport to send from {@code local} to {@code remote}. The framing says
 * which socket and what the transport adds: nothing on UDP 500, the 4-byte non-ESP marker on UDP
 * 4500 (RFC 3948 §2.2), or a one-byte 0xFF NAT keepalive on UDP 4500 (RFC 3948 §2.3).
 */
public record OutboundDatagram(InetSocketAddress local, InetSocketAddress remote, Framing framing, Bytes message) {
    public enum Framing {
        /** UDP 500: the ISAKMP message as is. */
        ISAKMP,
        /** UDP 4500: the non-ESP marker, then the ISAKMP message. */
        NON_ESP_MARKER,
        /** UDP 4500: a single 0xFF octet; {@code message} is empty. */
        NAT_KEEPALIVE
    }

    private static final Bytes KEEPALIVE = Bytes.of((byte) 0xff);

    public OutboundDatagram {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(message, "message");
    }

    public static OutboundDatagram isakmp(InetSocketAddress local, InetSocketAddress remote, boolean natTraversalPort, Bytes message) {
        return new OutboundDatagram(local, remote, natTraversalPort ? Framing.NON_ESP_MARKER : Framing.ISAKMP, message);
    }

    public static OutboundDatagram natKeepalive(InetSocketAddress local, InetSocketAddress remote) {
        return new OutboundDatagram(local, remote, Framing.NAT_KEEPALIVE, Bytes.EMPTY);
    }

    /** True when it leaves from the NAT-T socket (UDP 4500). */
    public boolean natTraversalPort() {
        return framing != Framing.ISAKMP;
    }

    /** The UDP payload exactly as it goes on the wire (marker or keepalive octet included). */
    public Bytes wireBytes() {
        return switch (framing) {
            case ISAKMP -> message;
            case NON_ESP_MARKER -> Bytes.concat(Bytes.of(new byte[4]), message);
            case NAT_KEEPALIVE -> KEEPALIVE;
        };
    }

    @Override
    public String toString() {
        return framing + " " + message.length() + " bytes " + AddressText.of(local) + " -> " + AddressText.of(remote);
    }
}
