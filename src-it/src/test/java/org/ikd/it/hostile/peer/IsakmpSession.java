package org.ikd.it.hostile.peer;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.PayloadCodec;

/**
 * The attacker's established ISAKMP SA with the target: cookies and keys (ikd-core's
 * {@link MessageProtection}: SKEYID_a for the phase-2 hashes, SKEYID_e and the CBC IV chains of
 * RFC 2409 App. B, a phase-2 chain starting at hash(last phase-1 block | M-ID)).
 */
public record IsakmpSession(CookiePair cookies, MessageProtection protection) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A message ID for a new phase-2 exchange: random, never 0 (RFC 2408 §3.1). */
    public static int freshMessageId() {
        int id;
        do id = RANDOM.nextInt(); while (id == 0);
        return id;
    }

    public static Bytes random(int length) {
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return Bytes.of(b);
    }

    /** The header of a datagram, in the clear. */
    public static IsakmpHeader header(Bytes datagram) {
        return IsakmpHeader.decode(ByteBuffer.wrap(datagram.toArray()));
    }

    /** True when {@code datagram} belongs to this ISAKMP SA (both cookies). */
    public boolean owns(Bytes datagram) {
        return datagram.length() >= IsakmpHeader.LENGTH && CookiePair.of(datagram).equals(cookies);
    }

    /** The encrypted datagram of {@code payloads}; the chain of {@code messageId} moves on. */
    public Bytes seal(ExchangeType type, int messageId, List<? extends Payload> payloads) {
        IsakmpHeader h = IsakmpHeader.of(cookies.initiatorBytes(), cookies.responderBytes(), type, IsakmpHeader.ENCRYPTION, messageId);
        return protection.seal(new IsakmpMessage(h, List.copyOf(payloads)));
    }

    /** Decrypts a message of the target and accepts it (its chain moves on). */
    public IsakmpMessage open(Bytes datagram) {
        MessageProtection.Opened opened = protection.open(datagram);
        protection.accept(opened);
        return opened.message();
    }

    /** RFC 2409 §5.5, §5.7: the payloads after HASH, generic headers included, as on the wire. */
    public static Bytes chain(List<? extends Payload> payloads) {
        ByteBuffer out = ByteBuffer.allocate(PayloadCodec.lengthOf(payloads));
        PayloadCodec.encodeChain(payloads, out);
        return Bytes.of(out.array());
    }
}
