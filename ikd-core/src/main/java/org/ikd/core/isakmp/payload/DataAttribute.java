package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.RegisteredNumber;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.3 data attribute: AF bit + 15-bit type, then a 2-byte value (TV, AF = 1) or a
 * 2-byte length and that many bytes (TLV, AF = 0). The raw value bytes are kept so that a
 * 4-byte or 8-byte life duration re-encodes exactly as the peer sent it.
 */
public record DataAttribute(int type, Format format, Bytes value) {
    private static final int AF = 0x8000;

    public enum Format { TV, TLV }

    public DataAttribute {
        Objects.requireNonNull(format);
        if (type < 0 || type > 0x7fff) throw new IllegalArgumentException("attribute type " + type);
        if (format == Format.TV && value.length() != 2)
            throw new IllegalArgumentException("a TV attribute has a 2-byte value, not " + value.length());
        if (value.length() > 0xffff) throw new IllegalArgumentException("attribute value of " + value.length());
    }

    /** A basic (TV) attribute. */
    public static DataAttribute tv(RegisteredNumber type, int value) {
        return tv(type.value(), value);
    }

    /** A basic (TV) attribute whose value is a registry number, e.g. LIFE_TYPE = SECONDS. */
    public static DataAttribute tv(RegisteredNumber type, RegisteredNumber value) {
        return tv(type.value(), value.value());
    }

    public static DataAttribute tv(int type, int value) {
        if (value < 0 || value > 0xffff) throw new IllegalArgumentException("TV value " + value);
        return new DataAttribute(type, Format.TV, Bytes.of((byte) (value >> 8), (byte) value));
    }

    public static DataAttribute tlv(int type, Bytes value) {
        return new DataAttribute(type, Format.TLV, value);
    }

    /** A number as strongSwan encodes it: TV up to 0xffff, else a 4-byte or 8-byte TLV. */
    public static DataAttribute number(RegisteredNumber type, long value) {
        if (value < 0) throw new IllegalArgumentException("negative attribute value " + value);
        if (value <= 0xffff) return tv(type.value(), (int) value);
        int length = value <= 0xffffffffL ? 4 : 8;
        ByteBuffer b = ByteBuffer.allocate(8).putLong(value);
        return tlv(type.value(), Bytes.of(b.array(), 8 - length, length));
    }

    /**
     * The value as an unsigned big-endian number; for a TLV of 1..8 bytes below 2^63. Attribute
     * classes whose form is {@code NUMBER} or {@code BASIC} are checked at decode time to fit.
     */
    public long longValue() {
        if (!isNumber())
            throw new MalformedMessageException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "attribute " + type
                    + ": found a " + value.length() + "-byte value, expected a number of 1..8 bytes below 2^63");
        long v = 0;
        for (int i = 0; i < value.length(); i++) v = (v << 8) | value.getUnsigned(i);
        return v;
    }

    /** {@link #longValue()} for values that fit in an int (TV values always do). */
    public int intValue() {
        long v = longValue();
        if (v > Integer.MAX_VALUE)
            throw new MalformedMessageException(NotifyType.ATTRIBUTES_NOT_SUPPORTED,
                    "attribute " + type + ": found value " + v + ", expected at most " + Integer.MAX_VALUE);
        return (int) v;
    }

    /** True when {@link #longValue()} can read the value: 1..8 bytes below 2^63. */
    public boolean isNumber() {
        return !value.isEmpty() && value.length() <= 8 && !(value.length() == 8 && value.get(0) < 0);
    }

    int encodedLength() {
        return format == Format.TV ? 4 : 4 + value.length();
    }

    void encodeTo(ByteBuffer out) {
        if (format == Format.TV) {
            out.putShort((short) (AF | type));
        } else {
            out.putShort((short) type);
            out.putShort((short) value.length());
        }
        value.writeTo(out);
    }

    static DataAttribute decode(WireReader in) {
        int afAndType = in.u16("attribute type");
        int type = afAndType & 0x7fff;
        if ((afAndType & AF) != 0) return new DataAttribute(type, Format.TV, in.bytes(2, "TV attribute value"));
        int length = in.u16("TLV attribute length");
        return new DataAttribute(type, Format.TLV, in.bytes(length, "TLV attribute " + type + " value"));
    }
}
