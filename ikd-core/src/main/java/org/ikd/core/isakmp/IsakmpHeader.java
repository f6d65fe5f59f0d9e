package org.ikd.core.isakmp;

import java.nio.ByteBuffer;
import java.util.Objects;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.1 ISAKMP header (28 bytes): initiator cookie (8), responder cookie (8), next
 * payload (1), version (1: major 1, minor 0, so not a field here), exchange type (1), flags (1),
 * message ID (4), length (4, the whole message). {@code messageId} holds the unsigned 32 bits.
 */
public record IsakmpHeader(Bytes initiatorCookie, Bytes responderCookie, PayloadType nextPayload,
        ExchangeType exchangeType, int flags, int messageId, int length) {
    public static final int LENGTH = 28;
    /** Largest message ikd accepts or sends: what a UDP datagram can carry. */
    public static final int MAX_MESSAGE_LENGTH = 0xffff;
    public static final int COOKIE_LENGTH = 8;
    /** RFC 2408 §3.1 flags. */
    public static final int ENCRYPTION = 0x01;
    public static final int COMMIT = 0x02;
    public static final int AUTHENTICATION_ONLY = 0x04;
    private static final int VERSION_1_0 = 0x10;

    public IsakmpHeader {
        Objects.requireNonNull(nextPayload);
        Objects.requireNonNull(exchangeType);
        if (initiatorCookie.length() != COOKIE_LENGTH || responderCookie.length() != COOKIE_LENGTH)
            throw new IllegalArgumentException("cookies are 8 bytes");
        if ((flags & ~(ENCRYPTION | COMMIT | AUTHENTICATION_ONLY)) != 0)       // RFC 2408 §5.1: INVALID-FLAGS
            throw new MalformedMessageException(NotifyType.INVALID_FLAGS,
                    "found flags 0x" + Integer.toHexString(flags) + ", expected only E (1), C (2), A (4)");
        if (length < LENGTH || length > MAX_MESSAGE_LENGTH)
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "found message length " + Integer.toUnsignedString(length) + ", expected 28..65535");
    }

    /** A header for a message still to be built: next payload and length are set by {@link IsakmpMessage}. */
    public static IsakmpHeader of(Bytes initiatorCookie, Bytes responderCookie, ExchangeType exchangeType,
            int flags, int messageId) {
        return new IsakmpHeader(initiatorCookie, responderCookie, PayloadType.NONE, exchangeType, flags, messageId,
                LENGTH);
    }

    /**
     * Reads 28 bytes from {@code in}'s position. Checks the fields alone; whether {@code length}
     * matches the datagram is for {@link IsakmpMessage#decode} and {@link EncryptedMessage#decode}.
     */
    public static IsakmpHeader decode(ByteBuffer in) {
        if (in.remaining() < LENGTH)
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                    "found " + in.remaining() + " bytes, expected at least 28 for the ISAKMP header");
        Bytes initiatorCookie = Bytes.read(in, COOKIE_LENGTH);
        Bytes responderCookie = Bytes.read(in, COOKIE_LENGTH);
        PayloadType nextPayload = PayloadType.valueOf(in.get() & 0xff);
        checkVersion(in.get() & 0xff);
        ExchangeType exchangeType = ExchangeType.valueOf(in.get() & 0xff);
        int flags = in.get() & 0xff;
        int messageId = in.getInt();
        int length = in.getInt();
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, exchangeType, flags, messageId, length);
    }

    /** {@link #decode} of the first 28 bytes of {@code datagram}, which is left as it is. */
    public static IsakmpHeader decode(Bytes datagram) {
        return decode(ByteBuffer.wrap(datagram.slice(0, Math.min(datagram.length(), LENGTH)).toArray()));
    }

    /** RFC 2408 §3.1: major 1; "SHOULD never accept packets with a minor version number larger than its own". */
    private static void checkVersion(int version) {
        if (version >> 4 != 1)
            throw new MalformedMessageException(NotifyType.INVALID_MAJOR_VERSION,
                    "found major version " + (version >> 4) + ", expected 1");
        if ((version & 0x0f) != 0)
            throw new MalformedMessageException(NotifyType.INVALID_MINOR_VERSION,
                    "found minor version " + (version & 0x0f) + ", expected 0");
    }

    public void encodeTo(ByteBuffer out) {
        initiatorCookie.writeTo(out);
        responderCookie.writeTo(out);
        out.put((byte) nextPayload.value());
        out.put((byte) VERSION_1_0);
        out.put((byte) exchangeType.value());
        out.put((byte) flags);
        out.putInt(messageId);
        out.putInt(length);
    }

    public boolean isEncrypted() {
        return (flags & ENCRYPTION) != 0;
    }

    public boolean isCommit() {
        return (flags & COMMIT) != 0;
    }

    public boolean isAuthenticationOnly() {
        return (flags & AUTHENTICATION_ONLY) != 0;
    }

    public IsakmpHeader withResponderCookie(Bytes cookie) {
        return new IsakmpHeader(initiatorCookie, cookie, nextPayload, exchangeType, flags, messageId, length);
    }

    public IsakmpHeader withFlags(int newFlags) {
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, exchangeType, newFlags, messageId,
                length);
    }

    public IsakmpHeader withMessageId(int id) {
        return new IsakmpHeader(initiatorCookie, responderCookie, nextPayload, exchangeType, flags, id, length);
    }

    IsakmpHeader withChain(PayloadType first, int messageLength) {
        return new IsakmpHeader(initiatorCookie, responderCookie, first, exchangeType, flags, messageId, messageLength);
    }

    /** The message ID as unsigned hex, the way logs print it. */
    public String messageIdHex() {
        return String.format("0x%08x", messageId);
    }
}
