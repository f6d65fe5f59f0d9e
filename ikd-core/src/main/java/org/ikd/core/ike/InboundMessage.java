package org.ikd.core.ike;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;

/**
 * A received ISAKMP message with the fixed header the engine routes by (RFC 2408 §3.1), read by
 * the one header decoder, {@link IsakmpHeader#decode}. The exchange decodes (and decrypts) the rest.
 */
public record InboundMessage(InboundDatagram datagram, IsakmpHeader header, CookiePair cookies) {
    /** RFC 2408 §3.1: the fixed header is 28 octets. */
    public static final int HEADER_LENGTH = IsakmpHeader.LENGTH;

    /**
     * Reads the fixed header; refuses what cannot be an IKEv1 message with the notify type that
     * says why (e.g. INVALID-MAJOR-VERSION for IKEv2, INVALID-COOKIE for a zero initiator cookie).
     */
    public static InboundMessage peek(InboundDatagram d) {
        IsakmpHeader header = IsakmpHeader.decode(d.message());
        return new InboundMessage(d, header, CookiePair.of(header));
    }

    public Bytes bytes() {
        return datagram.message();
    }

    /** RFC 2408 §3.1 Exchange Type, as a number. */
    public int exchangeType() {
        return header.exchangeType().value();
    }

    public int messageId() {
        return header.messageId();
    }

    /** RFC 2408 §3.1: the Encryption bit. */
    public boolean encrypted() {
        return header.isEncrypted();
    }

    @Override
    public String toString() {
        return String.format("exchange %d msgid %08x %s from %s", exchangeType(), messageId(), cookies, datagram.remote());
    }
}
