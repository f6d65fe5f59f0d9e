package org.ikd.esp.packet;

/**
 * RFC 8200 §3: a flyweight view of the fixed 40-byte IPv6 header. Addresses are read as two
 * longs (high and low 64 bits) so the data path compares them without allocating.
 */
public final class Ipv6Header {
    public static final int LENGTH = 40;
    public static final int VERSION = 6;

    private byte[] b;
    private int o;

    public Ipv6Header wrap(byte[] array, int offset) {
        this.b = array;
        this.o = offset;
        return this;
    }

    public static boolean plausible(byte[] b, int offset, int length) {
        return length >= LENGTH && (b[offset] & 0xf0) == 0x60
                && LENGTH + NetworkOrder.u16(b, offset + 4) <= length;
    }

    /** RFC 8200 §4: extension headers that must precede ESP/AH in a transport-mode packet. */
    public static boolean isExtensionHeader(int nextHeader) {
        return nextHeader == 0 || nextHeader == 43 || nextHeader == 44 || nextHeader == 60;
    }

    public int offset() { return o; }
    public int trafficClass() { return (NetworkOrder.u16(b, o) >>> 4) & 0xff; }
    public int payloadLength() { return NetworkOrder.u16(b, o + 4); }
    public void setPayloadLength(int v) { NetworkOrder.put16(b, o + 4, v); }
    public int nextHeader() { return b[o + 6] & 0xff; }
    public void setNextHeader(int v) { b[o + 6] = (byte) v; }
    public int hopLimit() { return b[o + 7] & 0xff; }
    public long sourceHigh() { return NetworkOrder.i64(b, o + 8); }
    public long sourceLow() { return NetworkOrder.i64(b, o + 16); }
    public long destinationHigh() { return NetworkOrder.i64(b, o + 24); }
    public long destinationLow() { return NetworkOrder.i64(b, o + 32); }

    public void setTrafficClass(int tc) {
        int w = NetworkOrder.i32(b, o);
        NetworkOrder.put32(b, o, (w & 0xf00fffff) | (tc & 0xff) << 20);
    }

    /** Writes the fixed header (flow label 0). */
    public void write(int trafficClass, int payloadLength, int nextHeader, int hopLimit, byte[] src, byte[] dst) {
        NetworkOrder.put32(b, o, 0x60000000 | (trafficClass & 0xff) << 20);
        NetworkOrder.put16(b, o + 4, payloadLength);
        b[o + 6] = (byte) nextHeader;
        b[o + 7] = (byte) hopLimit;
        System.arraycopy(src, 0, b, o + 8, 16);
        System.arraycopy(dst, 0, b, o + 24, 16);
    }
}
