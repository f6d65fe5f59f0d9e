package org.ikd.esp.packet;

/** RFC 4303 §2: a flyweight view of the ESP header (SPI, sequence number); the IV follows it. */
public final class EspHeader {
    public static final int LENGTH = 8;
    public static final int PROTOCOL = 50;

    private byte[] b;
    private int o;

    public EspHeader wrap(byte[] array, int offset) {
        this.b = array;
        this.o = offset;
        return this;
    }

    public int spi() { return NetworkOrder.i32(b, o); }
    public int sequence() { return NetworkOrder.i32(b, o + 4); }

    public void write(int spi, int sequence) {
        NetworkOrder.put32(b, o, spi);
        NetworkOrder.put32(b, o + 4, sequence);
    }
}
