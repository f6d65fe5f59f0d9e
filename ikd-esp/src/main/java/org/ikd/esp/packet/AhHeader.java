package org.ikd.esp.packet;

/** RFC 4302 §2: a flyweight view of the Authentication Header. */
public final class AhHeader {
    public static final int FIXED_LENGTH = 12;
    public static final int PROTOCOL = 51;

    private byte[] b;
    private int o;

    public AhHeader wrap(byte[] array, int offset) {
        this.b = array;
        this.o = offset;
        return this;
    }

    public int nextHeader() { return b[o] & 0xff; }
    /** RFC 4302 §2.2: the header length in bytes ((Payload Len + 2) 32-bit words). */
    public int length() { return ((b[o + 1] & 0xff) + 2) * 4; }
    public int spi() { return NetworkOrder.i32(b, o + 4); }
    public int sequence() { return NetworkOrder.i32(b, o + 8); }
    public int icvOffset() { return o + FIXED_LENGTH; }

    /** Writes the fixed part; {@code length} is the whole header in bytes, a multiple of 4. */
    public void write(int nextHeader, int length, int spi, int sequence) {
        b[o] = (byte) nextHeader;
        b[o + 1] = (byte) (length / 4 - 2);
        NetworkOrder.put16(b, o + 2, 0);
        NetworkOrder.put32(b, o + 4, spi);
        NetworkOrder.put32(b, o + 8, sequence);
    }
}
