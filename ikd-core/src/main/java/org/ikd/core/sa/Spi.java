package org.ikd.core.sa;

/** An IPsec SPI (RFC 4303 §2.1). Values 1..255 are reserved by IANA and 0 is never valid on the wire. */
public record Spi(int value) {
    public Spi {
        if (Integer.compareUnsigned(value, 256) < 0)
            throw new IllegalArgumentException("SPI " + Integer.toUnsignedString(value) + " is reserved (expected: >= 256)");
    }

    @Override
    public String toString() {
        return String.format("%08x", value);
    }
}
