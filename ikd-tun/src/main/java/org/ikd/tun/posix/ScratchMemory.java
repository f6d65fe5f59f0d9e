package org.ikd.tun.posix;

import java.net.InetAddress;
import jnr.ffi.Pointer;

/**
 * Native memory one thread uses for one fd: poll set, a socket address, a {@code struct msghdr} with one
 * {@code struct iovec} (LP64 layouts, sys/socket.h), and a packet area that byte[] slices are copied through. Kept in a ThreadLocal of the fd's owner, so per-packet
 * calls allocate nothing and concurrent threads never share it.
 */
final class ScratchMemory {
    static final int PACKET_CAPACITY = 65536;
    private static final long POLLFDS = 0;
    private static final long SOCKADDR = 16;          // room for sockaddr_in6 (28) and sockaddr_nl (12)
    private static final long MSGHDR = 48;            // name, namelen, iov, iovlen, control, controllen, flags: 56
    private static final long IOVEC = 104;            // base, len: 16
    private static final long PACKET = 128;

    private final Pointer pointer;
    private final long address;
    private final int packetCapacity;
    /** The destination whose sockaddr is currently encoded at {@link #sockaddr()}, by identity. */
    InetAddress encodedDestination;
    int encodedLength;

    ScratchMemory(int packetCapacity) {
        this.packetCapacity = packetCapacity;
        this.pointer = Native.allocate((int) PACKET + packetCapacity);
        this.address = pointer.address();
    }

    Pointer pointer() {
        return pointer;
    }

    long address() {
        return address;
    }

    long pollfds() {
        return POLLFDS;
    }

    long sockaddr() {
        return SOCKADDR;
    }

    /**
     * Fills the msghdr for one datagram: name = the sockaddr area ({@code nameLength} bytes, 0 for none),
     * one iovec {@code {data, length}}, no control data. Returns the msghdr's address.
     */
    long message(long data, long length, int nameLength) {
        pointer.putLong(MSGHDR, nameLength == 0 ? 0 : address + SOCKADDR);
        pointer.putInt(MSGHDR + 8, nameLength);
        pointer.putLong(MSGHDR + 16, address + IOVEC);
        pointer.putLong(MSGHDR + 24, 1);
        pointer.putLong(MSGHDR + 32, 0);
        pointer.putLong(MSGHDR + 40, 0);
        pointer.putInt(MSGHDR + 48, 0);
        pointer.putLong(IOVEC, data);
        pointer.putLong(IOVEC + 8, length);
        return address + MSGHDR;
    }

    long packet() {
        return PACKET;
    }

    int packetCapacity() {
        return packetCapacity;
    }
}
