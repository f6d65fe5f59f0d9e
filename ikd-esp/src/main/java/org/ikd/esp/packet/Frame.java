package org.ikd.esp.packet;

/**
 * A window {@code [offset, offset + length)} over a caller-owned array: where a packet currently
 * lies. Encapsulation moves the window left into the headroom, decapsulation moves it right.
 */
public final class Frame {
    private final byte[] array;
    private int offset;
    private int length;

    public Frame(byte[] array) {
        this.array = array;
    }

    public byte[] array() { return array; }
    public int offset() { return offset; }
    public int length() { return length; }
    public int end() { return offset + length; }

    public void set(int offset, int length) {
        this.offset = offset;
        this.length = length;
    }
}
