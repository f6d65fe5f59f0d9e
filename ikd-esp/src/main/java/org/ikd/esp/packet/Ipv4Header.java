package org.ikd.esp.packet;

/** RFC 791 §3.1: a flyweight view of an IPv4 header in a caller-owned array. Not thread-safe. */
public final class Ipv4Header {
    public static final int MIN_LENGTH = 20;
    public static final int VERSION = 4;
    public static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;
    private static final int OFFSET_MASK = 0x1fff;

    private byte[] b;
    private int o;

    public Ipv4Header wrap(byte[] array, int offset) {
        this.b = array;
        this.o = offset;
        return this;
    }

    /** True when {@code length} bytes at {@code offset} start with a sane IPv4 header whose total length fits. */
    public static boolean plausible(byte[] b, int offset, int length) {
        if (length < MIN_LENGTH || (b[offset] & 0xf0) != 0x40) return false;
        int ihl = (b[offset] & 0x0f) * 4;
        int total = NetworkOrder.u16(b, offset + 2);
        return ihl >= MIN_LENGTH && ihl <= total && total <= length;
    }

    public int offset() { return o; }
    public int headerLength() { return (b[o] & 0x0f) * 4; }
    public int tos() { return b[o + 1] & 0xff; }
    public void setTos(int v) { b[o + 1] = (byte) v; }
    public int totalLength() { return NetworkOrder.u16(b, o + 2); }
    public void setTotalLength(int v) { NetworkOrder.put16(b, o + 2, v); }
    public int identification() { return NetworkOrder.u16(b, o + 4); }
    public int flagsFragment() { return NetworkOrder.u16(b, o + 6); }
    public void setFlagsFragment(int v) { NetworkOrder.put16(b, o + 6, v); }
    public boolean dontFragment() { return (flagsFragment() & FLAG_DF) != 0; }
    /** True for any fragment: more-fragments set or a non-zero offset. */
    public boolean isFragment() { return (flagsFragment() & (FLAG_MF | OFFSET_MASK)) != 0; }
    public int ttl() { return b[o + 8] & 0xff; }
    public void setTtl(int v) { b[o + 8] = (byte) v; }
    public int protocol() { return b[o + 9] & 0xff; }
    public void setProtocol(int v) { b[o + 9] = (byte) v; }
    public int checksum() { return NetworkOrder.u16(b, o + 10); }
    public int source() { return NetworkOrder.i32(b, o + 12); }
    public void setSource(int v) { NetworkOrder.put32(b, o + 12, v); }
    public int destination() { return NetworkOrder.i32(b, o + 16); }
    public void setDestination(int v) { NetworkOrder.put32(b, o + 16, v); }

    public void updateChecksum() {
        NetworkOrder.put16(b, o + 10, 0);
        NetworkOrder.put16(b, o + 10, InternetChecksum.compute(b, o, headerLength()));
    }

    public boolean checksumValid() {
        return InternetChecksum.fold(InternetChecksum.sum(b, o, headerLength(), 0)) == 0xffff;
    }

    /** Writes a 20-byte header without options and its checksum. */
    public void write(int tos, int totalLength, int id, int flagsFragment, int ttl, int protocol, int src, int dst) {
        b[o] = 0x45;
        b[o + 1] = (byte) tos;
        NetworkOrder.put16(b, o + 2, totalLength);
        NetworkOrder.put16(b, o + 4, id);
        NetworkOrder.put16(b, o + 6, flagsFragment);
        b[o + 8] = (byte) ttl;
        b[o + 9] = (byte) protocol;
        NetworkOrder.put32(b, o + 12, src);
        NetworkOrder.put32(b, o + 16, dst);
        updateChecksum();
    }
}
