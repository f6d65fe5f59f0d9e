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

    /** The family of the sockaddr at {@code at}, or null for a non-IP one. */
    static IpFamily family(Pointer p, long at) {
        return IpFamily.ofAddressFamily(p.getShort(at) & 0xffff);
    }

    /** Copies the address bytes of the sockaddr at {@code at} into {@code dst}. */
    static void address(Pointer p, long at, IpFamily family, byte[] dst) {
        p.get(at + addressOffset(family), dst, 0, family.addressLength());
    }
}
