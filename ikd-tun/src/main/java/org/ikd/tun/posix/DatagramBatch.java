package org.ikd.tun.posix;

import jnr.ffi.Pointer;

/**
 * Native memory for one recvmmsg(2) of up to {@code capacity} datagrams, and the cursor over what the
 * last call returned: {@code struct mmsghdr[capacity]} (a msghdr and its msg_len, 64 bytes on LP64),
 * one iovec, sockaddr, slot and (IPv6 raw sockets, {@link Ipv6Reception}) control buffer per entry.
 * Confined to one receiving thread (kept in a ThreadLocal of the socket), so receiving allocates
 * nothing and one syscall serves a burst.
 */
final class DatagramBatch {
    static final int MMSGHDR_SIZE = 64;
    private static final int IOVEC_SIZE = 16;
    private static final int SOCKADDR_SIZE = 32;       // sockaddr_in6 (28), 8-aligned

    private final int capacity;
    private final int slotSize;
    private final Pointer pointer;
    private final long address;
    private final long iovecs;
    private final long sockaddrs;
    private final long slots;
    private final long controls;
    private final int controlSize;
    /** poll set for {@link GuardedFd#await}. */
    final ScratchMemory pollfds = new ScratchMemory(0);
    /** Room for a received source address before it is handed to a SourceAddress. */
    final byte[] addressBytes = new byte[16];
    private int count;
    private int next;

    DatagramBatch(int capacity, int slotSize) {
        this(capacity, slotSize, 0);
    }

    /** With {@code controlSize} bytes of ancillary data per datagram (msg_control), 0 for none. */
    DatagramBatch(int capacity, int slotSize, int controlSize) {
        this.capacity = capacity;
        this.slotSize = slotSize;
        this.controlSize = controlSize;
        this.iovecs = (long) capacity * MMSGHDR_SIZE;
        this.sockaddrs = iovecs + (long) capacity * IOVEC_SIZE;
        this.controls = sockaddrs + (long) capacity * SOCKADDR_SIZE;
        this.slots = controls + (long) capacity * controlSize;
        this.pointer = Native.allocate((int) (slots + (long) capacity * slotSize));
        this.address = pointer.address();
        for (int i = 0; i < capacity; i++) {
            long h = (long) i * MMSGHDR_SIZE;
            pointer.putLong(h, address + sockaddrs + (long) i * SOCKADDR_SIZE);     // msg_name
            pointer.putInt(h + 8, SocketAddresses.SOCKADDR_IN6_SIZE);                 // msg_namelen
            pointer.putLong(h + 16, address + iovecs + (long) i * IOVEC_SIZE);     // msg_iov
            pointer.putLong(h + 24, 1);                                            // msg_iovlen
            if (controlSize > 0) pointer.putLong(h + 32, address + controls + (long) i * controlSize);  // msg_control
            pointer.putLong(h + 40, controlSize);                                  // msg_controllen
            pointer.putLong(iovecs + (long) i * IOVEC_SIZE, address + slots + (long) i * slotSize);
            pointer.putLong(iovecs + (long) i * IOVEC_SIZE + 8, slotSize);
        }
    }

    int capacity() {
        return capacity;
    }

    /** True while datagrams of the last call are left. */
    boolean hasNext() {
        return next < count;
    }

    /** Datagrams of the last call not yet taken. */
    int remaining() {
        return count - next;
    }

    /**
     * Readies the vector for a call and returns its address: the kernel overwrites msg_namelen of
     * the entries it fills, so those of the last call get their room back (the others are as set).
     */
    long prepare() {
        for (int i = 0; i < count; i++) {
            pointer.putInt((long) i * MMSGHDR_SIZE + 8, SocketAddresses.SOCKADDR_IN6_SIZE);
            pointer.putLong((long) i * MMSGHDR_SIZE + 40, controlSize);
        }
        count = 0;
        next = 0;
        return address;
    }

    /** What recvmmsg returned: the first {@code n} entries are filled. */
    void filled(int n) {
        count = n;
        next = 0;
    }

    /**
     * Copies the next datagram into {@code buf[off..off+len)} (truncating as recvmsg(2) would) and
     * advances. Returns the copied length.
     */
    int take(byte[] buf, int off, int len) {
        long h = (long) next * MMSGHDR_SIZE;
        int n = Math.min(Math.min(pointer.getInt(h + 56), slotSize), len);
        pointer.get(slots + (long) next * slotSize, buf, off, n);
        next++;
        return n;
    }

    /**
     * As {@link #take}, for an IPv6 raw socket of {@code protocol}: the payload lands behind the IPv6
     * header and the extension headers {@link Ipv6Reception} rebuilds. Returns the length of the whole packet.
     */
    int takeWithIpv6Header(byte[] buf, int off, int len, int protocol) {
        long h = (long) next * MMSGHDR_SIZE;
        long control = controls + (long) next * controlSize;
        long controlLength = Math.min(pointer.getLong(h + 40), controlSize);
        int headers = Ipv6Reception.HEADER_LENGTH + Ipv6Reception.extensionLength(pointer, control, controlLength);
        if (len < headers) return take(buf, off, len);
        int n = take(buf, off + headers, len - headers);
        Ipv6Reception.writeHeader(buf, off, n, protocol, pointer, lastSockaddr(), control, controlLength);
        return n + headers;
    }

    /** The memory; {@link #lastSockaddr()} is the offset of the sender of the datagram {@link #take} returned last. */
    Pointer pointer() {
        return pointer;
    }

    long lastSockaddr() {
        return sockaddrs + (long) (next - 1) * SOCKADDR_SIZE;
    }
}
