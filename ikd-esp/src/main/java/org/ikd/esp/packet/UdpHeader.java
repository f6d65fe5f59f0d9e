package org.ikd.esp.packet;

/** RFC 768: a flyweight view of a UDP header. */
public final class UdpHeader {
    public static final int LENGTH = 8;
    /** RFC 3948 §2.1 and RFC 3947: IKE and ESP-in-UDP share port 4500. */
    public static final int NAT_T_PORT = 4500;

    private byte[] b;
    private int o;

    public UdpHeader wrap(byte[] array, int offset) {
        this.b = array;
        this.o = offset;
        return this;
    }

    public int sourcePort() { return NetworkOrder.u16(b, o); }
    public int destinationPort() { return NetworkOrder.u16(b, o + 2); }
    public int length() { return NetworkOrder.u16(b, o + 4); }
    public int checksum() { return NetworkOrder.u16(b, o + 6); }
    public void setChecksum(int v) { NetworkOrder.put16(b, o + 6, v); }

    public void write(int sourcePort, int destinationPort, int length, int checksum) {
        NetworkOrder.put16(b, o, sourcePort);
        NetworkOrder.put16(b, o + 2, destinationPort);
        NetworkOrder.put16(b, o + 4, length);
        NetworkOrder.put16(b, o + 6, checksum);
    }
}
