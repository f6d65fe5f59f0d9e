package org.ikd.core.ike;

import org.ikd.core.crypto.Bytes;

/**
 * A received ISAKMP message with the fixed header fields the engine routes by (RFC 2408 §3.1):
 * cookies, exchange type, flags and message ID. The exchange decodes (and decrypts) the rest.
 */
public record InboundMessage(InboundDatagram datagram, CookiePair cookies, int nextPayload, int version,
                             int exchangeType, int flags, int messageId) {
    /** RFC 2408 §3.1: the fixed header is 28 octets. */
    public static final int HEADER_LENGTH = 28;

    /** Reads the fixed header; refuses what cannot be an IKEv1 message. */
    public static InboundMessage peek(InboundDatagram d) {
        Bytes m = d.message();
        if (m.length() < HEADER_LENGTH)
            throw new IllegalArgumentException("datagram of " + m.length() + " bytes (expected: an ISAKMP header of 28 or more)");
        int version = m.getUnsigned(17);
        if (version >>> 4 != 1)
            throw new IllegalArgumentException("ISAKMP major version " + (version >>> 4) + " (expected: 1; IKEv2 is not spoken here)");
        int messageId = (int) readUnsigned(m, 20);
        return new InboundMessage(d, CookiePair.of(m), m.getUnsigned(16), version, m.getUnsigned(18), m.getUnsigned(19), messageId);
    }

    public Bytes bytes() {
        return datagram.message();
    }

    /** RFC 2408 §3.1: the Encryption bit. */
    public boolean encrypted() {
        return (flags & 0x01) != 0;
    }

    private static long readUnsigned(Bytes b, int offset) {
        long v = 0;
        for (int i = 0; i < 4; i++) v = v << 8 | b.getUnsigned(offset + i);
        return v;
    }

    @Override
    public String toString() {
        return String.format("exchange %d msgid %08x %s from %s", exchangeType, messageId, cookies, datagram.remote());
    }
}
