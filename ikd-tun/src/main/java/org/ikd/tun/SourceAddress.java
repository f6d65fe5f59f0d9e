package org.ikd.tun;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * Where a received datagram came from: a mutable holder a pump owns and passes to every
 * {@link RawIpSocket#receive} so that receiving allocates nothing. Confined to that pump's thread.
 */
public final class SourceAddress {
    private final byte[] address = new byte[16];
    private int length;
    private int port;

    /** Overwrites the held address with {@code family.addressLength()} bytes of {@code raw} from {@code offset}. */
    public void assign(IpFamily family, byte[] raw, int offset) {
        System.arraycopy(raw, offset, address, 0, family.addressLength());
        length = family.addressLength();
        port = 0;
    }

    /** As above, with the sender's UDP port. */
    public void assign(IpFamily family, byte[] raw, int offset, int port) {
        assign(family, raw, offset);
        this.port = port;
    }

    /** The sender's UDP port; 0 for a raw socket's datagram. */
    public int port() {
        return port;
    }

    /** True when {@code other} holds the same address and port (compares bytes: allocates nothing). */
    public boolean sameAs(SourceAddress other) {
        return length == other.length && port == other.port && Arrays.equals(address, 0, length, other.address, 0, length);
    }

    /** Makes this a copy of {@code other}. */
    public void copyFrom(SourceAddress other) {
        System.arraycopy(other.address, 0, address, 0, other.length);
        length = other.length;
        port = other.port;
    }

    /** Null until an address was assigned. */
    public IpFamily family() {
        return length == 0 ? null : IpFamily.ofLength(length);
    }

    /** Byte {@code i} of the address, network order. */
    public byte byteAt(int i) {
        if (i >= length) throw new IndexOutOfBoundsException("byte " + i + " of a " + length + "-byte address");
        return address[i];
    }

    /** An IPv4 address as a big-endian int (198.18.0.1 → 0xc6120001). */
    public int ipv4() {
        if (length != 4) throw new IllegalStateException("not an IPv4 address: " + this);
        return (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16 | (address[2] & 0xff) << 8 | (address[3] & 0xff);
    }

    /** Allocates: for logs and slow paths. */
    public InetAddress toInetAddress() {
        if (length == 0) throw new IllegalStateException("no address received yet");
        try {
            return InetAddress.getByAddress(Arrays.copyOf(address, length));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return length == 0 ? "(none)" : AddressText.of(Arrays.copyOf(address, length));
    }
}
