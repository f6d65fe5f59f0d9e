package org.ikd.core.isakmp.doi;

import java.util.HashMap;
import java.util.Map;

/**
 * A number from an ISAKMP registry. Known numbers are constants of the subclass; any other
 * number is kept as an "unknown N" instance (like Netty's {@code DnsRecordType.valueOf}), so a
 * message with a number ikd does not know can still be logged and re-encoded. Two instances are
 * equal when they are of the same class and carry the same number.
 */
public abstract class RegisteredNumber {
    private final int value;
    private final String name;
    private final boolean known;

    protected RegisteredNumber(int value, String name, boolean known) {
        this.value = value;
        this.name = name;
        this.known = known;
    }

    /** The number on the wire (32-bit registries hold the unsigned value's bits). */
    public final int value() {
        return value;
    }

    /** The registry name, or "unknown N". */
    public final String name() {
        return name;
    }

    /** True when the number is one of the subclass's constants. */
    public final boolean isKnown() {
        return known;
    }

    static String unknownName(int value) {
        return "unknown " + Integer.toUnsignedString(value);
    }

    @SafeVarargs
    static <T extends RegisteredNumber> Map<Integer, T> index(T... known) {
        Map<Integer, T> byValue = new HashMap<>();
        for (T t : known) byValue.put(t.value(), t);
        return Map.copyOf(byValue);
    }

    static int requireRange(int value, int max, String registry) {
        if (value < 0 || value > max)
            throw new IllegalArgumentException(registry + " " + value + " is out of range (expected 0.." + max + ")");
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((RegisteredNumber) o).value == value;
    }

    @Override
    public int hashCode() {
        return getClass().hashCode() * 31 + value;
    }

    @Override
    public String toString() {
        return name;
    }
}
