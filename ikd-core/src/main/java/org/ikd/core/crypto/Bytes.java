package org.ikd.core.crypto;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string: cookies, nonces, payload bodies, public values. Not for secrets
 * (see {@link Secret}); its {@code toString} prints hex.
 */
public final class Bytes implements Comparable<Bytes> {
    private static final HexFormat HEX = HexFormat.of();
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    /** Copies {@code value}. */
    public static Bytes of(byte... value) {
        return value.length == 0 ? EMPTY : new Bytes(value.clone());
    }

    /** Copies {@code length} bytes of {@code value} from {@code offset}. */
    public static Bytes of(byte[] value, int offset, int length) {
        return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(value, offset, offset + length));
    }

    /** Reads {@code length} bytes from the buffer's position, advancing it. */
    public static Bytes read(ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return length == 0 ? EMPTY : new Bytes(b);
    }

    /** Parses hex; whitespace and a leading {@code 0x} are ignored. */
    public static Bytes fromHex(String hex) {
        String s = hex.replaceAll("\\s+", "");
        if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
        return s.isEmpty() ? EMPTY : new Bytes(HEX.parseHex(s));
    }

    public static Bytes concat(Bytes... parts) {
        int n = 0;
        for (Bytes p : parts) n += p.value.length;
        byte[] out = new byte[n];
        int o = 0;
        for (Bytes p : parts) {
            System.arraycopy(p.value, 0, out, o, p.value.length);
            o += p.value.length;
        }
        return n == 0 ? EMPTY : new Bytes(out);
    }

    public int length() {
        return value.length;
    }

    public boolean isEmpty() {
        return value.length == 0;
    }

    public byte get(int index) {
        return value[index];
    }

    /** The unsigned value of the byte at {@code index}. */
    public int getUnsigned(int index) {
        return value[index] & 0xff;
    }

    public Bytes slice(int from, int to) {
        return of(value, from, to - from);
    }

    public Bytes concat(Bytes other) {
        return concat(this, other);
    }

    /** A fresh copy; callers may modify it. */
    public byte[] toArray() {
        return value.clone();
    }

    public void writeTo(ByteBuffer out) {
        out.put(value);
    }

    /** Feeds the bytes to a consumer without copying (the consumer must not keep or change them). */
    public void feed(java.util.function.Consumer<byte[]> consumer) {
        consumer.accept(value);
    }

    public String toHex() {
        return HEX.formatHex(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(value, b.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public int compareTo(Bytes o) {
        return Arrays.compareUnsigned(value, o.value);
    }

    @Override
    public String toString() {
        return value.length <= 64 ? toHex() : HEX.formatHex(value, 0, 64) + "...(" + value.length + " bytes)";
    }
}
