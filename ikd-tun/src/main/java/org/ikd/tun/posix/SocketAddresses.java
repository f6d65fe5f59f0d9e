package org.ikd.tun.posix;

import jnr.ffi.Pointer;
import org.ikd.tun.IpFamily;

/** {@code struct sockaddr_in} and {@code sockaddr_in6} (netinet/in.h) in native memory; ports are 0 for raw sockets. */
final class SocketAddresses {
    static final int SOCKADDR_IN_SIZE = 16;       // family, port, in_addr, zero[8]
    static final int SOCKADDR_IN6_SIZE = 28;      // family, port, flowinfo, in6_addr, scope_id

    private SocketAddresses() {
    }

    static int size(IpFamily family) {
        return family == IpFamily.IPV4 ? SOCKADDR_IN_SIZE : SOCKADDR_IN6_SIZE;
    }

    private static int addressOffset(IpFamily family) {
        return family == IpFamily.IPV4 ? 4 : 8;
    }

    /** Writes a whole sockaddr for {@code raw[off..off+length)} at {@code at}; returns its size. */
    static int encode(Pointer p, long at, IpFamily family, byte[] raw, int off) {
        int size = size(family);
        for (int i = 0; i < size; i += 4) p.putInt(at + i, 0);
        p.putShort(at, (short) family.addressFamily());            // sa_family_t, host order
        p.put(at + addressOffset(family), raw, off, family.addressLength());
        return size;
    }

    /** As {@link #encode}, with {@code port} (sin_port / sin6_port, network order, at offset 2). */
    static int encode(Pointer p, long at, IpFamily family, byte[] raw, int off, int port) {
        int size = encode(p, at, family, raw, off);
        p.putByte(at + 2, (byte) (port >>> 8));
        p.putByte(at + 3, (byte) port);
        return size;
    }

    /** The port of the sockaddr at {@code at} (host order). */
    static int port(Pointer p, long at) {
        return (p.getByte(at + 2) & 0xff) << 8 | p.getByte(at + 3) & 0xff;
    }

    /** The family of the sockaddr at {@code at}, or null for a non-IP one. */
    static IpFamily family(Pointer p, long at) {
        return IpFamily.ofAddressFamily(p.getShort(at) & 0xffff);
    }

    /** Copies the address bytes of the sockaddr at {@code at} into {@code dst}. */
    static void address(Pointer p, long at, IpFamily family, byte[] dst) {
        p.get(at + addressOffset(family), dst, 0, family.addressLength());
    }
}
