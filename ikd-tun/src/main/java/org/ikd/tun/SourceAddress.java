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

    /** Overwrites the held address with {@code family.addressLength()} bytes of {@code raw} from {@code offset}. */
    public void assign(IpFamily family, byte[] raw, int offset) {
        System.arraycopy(raw, offset, address, 0, family.addressLength());
        length = family.addressLength();
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
