package org.ikd.tun.posix;

import jnr.ffi.Pointer;

/**
 * Native memory for one sendmmsg(2) of up to {@code capacity} whole IP packets on a header-included
 * socket, or UDP payloads each with its destination: {@code struct mmsghdr[capacity]} (64 bytes each on LP64), one iovec, sockaddr and slot per
 * entry. Confined to one sending thread (a ThreadLocal of the socket), so queueing allocates nothing.
 */
final class SendBatch {
    private static final int IOVEC_SIZE = 16;
    private static final int SOCKADDR_SIZE = 32;

    private final int capacity;
    private final int slotSize;
    private final Pointer pointer;
    private final long address;
    private final long iovecs;
    private final long sockaddrs;
    private final long slots;
    /** poll set for {@link GuardedFd#await}. */
    final ScratchMemory pollfds = new ScratchMemory(0);
    private int count;

    SendBatch(int capacity, int slotSize) {
        this.capacity = capacity;
        this.slotSize = slotSize;
        this.iovecs = (long) capacity * DatagramBatch.MMSGHDR_SIZE;
        this.sockaddrs = iovecs + (long) capacity * IOVEC_SIZE;
        this.slots = sockaddrs + (long) capacity * SOCKADDR_SIZE;
        this.pointer = Native.allocate((int) (slots + (long) capacity * slotSize));
        this.address = pointer.address();
        for (int i = 0; i < capacity; i++) {
            long h = (long) i * DatagramBatch.MMSGHDR_SIZE;
            pointer.putLong(h, address + sockaddrs + (long) i * SOCKADDR_SIZE);     // msg_name
            pointer.putLong(h + 16, address + iovecs + (long) i * IOVEC_SIZE);     // msg_iov
            pointer.putLong(h + 24, 1);                                            // msg_iovlen
            pointer.putLong(iovecs + (long) i * IOVEC_SIZE, address + slots + (long) i * slotSize);
        }
    }

    int slotSize() {
        return slotSize;
    }

    int count() {
        return count;
    }

    boolean isFull() {
        return count == capacity;
    }

    /**
     * Copies the packet into the next entry with its destination read from its own header at
     * {@code buf[destination]} (see PosixRawIpSocket#sendPacket).
     */
    void add(byte[] buf, int off, int len, org.ikd.tun.IpFamily family, int destination) {
        long h = (long) count * DatagramBatch.MMSGHDR_SIZE;
        int nameLength = SocketAddresses.encode(pointer, sockaddrs + (long) count * SOCKADDR_SIZE, family, buf, destination);
        pointer.putInt(h + 8, nameLength);                                         // msg_namelen
        pointer.putLong(iovecs + (long) count * IOVEC_SIZE + 8, len);              // iov_len
        pointer.put(slots + (long) count * slotSize, buf, off, len);
        count++;
    }

    /** Copies a datagram into the next entry, for {@code address}:{@code port} ({@link PosixUdpSocket}). */
    void addTo(byte[] buf, int off, int len, org.ikd.tun.IpFamily family, byte[] address, int port) {
        long h = (long) count * DatagramBatch.MMSGHDR_SIZE;
        int nameLength = SocketAddresses.encode(pointer, sockaddrs + (long) count * SOCKADDR_SIZE, family, address, 0, port);
        pointer.putInt(h + 8, nameLength);                                         // msg_namelen
        pointer.putLong(iovecs + (long) count * IOVEC_SIZE + 8, len);              // iov_len
        pointer.put(slots + (long) count * slotSize, buf, off, len);
        count++;
    }

    /** The address of entry {@code i} of the vector. */
    long entry(int i) {
        return address + (long) i * DatagramBatch.MMSGHDR_SIZE;
    }

    void clear() {
        count = 0;
    }
}
