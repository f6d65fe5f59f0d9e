package org.ikd.core.ike.exchange;

import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;

/** Building and reading whole messages: headers from cookies, cleartext or sealed under the SA's keys. */
final class Wire {
    private Wire() {}

    static IsakmpHeader header(CookiePair c, ExchangeType type, int flags, int messageId) {
        return IsakmpHeader.of(c.initiatorBytes(), c.responderBytes(), type, flags, messageId);
    }

    static Bytes plain(CookiePair c, ExchangeType type, int messageId, List<? extends Payload> payloads) {
        return new IsakmpMessage(header(c, type, 0, messageId), List.copyOf(payloads)).encode();
    }

    static Bytes sealed(IsakmpSa sa, ExchangeType type, int messageId, List<? extends Payload> payloads) {
        return sealed(sa.protection(), sa.cookies(), type, messageId, payloads);
    }

    static Bytes sealed(MessageProtection p, CookiePair c, ExchangeType type, int messageId, List<? extends Payload> payloads) {
        return p.seal(new IsakmpMessage(header(c, type, IsakmpHeader.ENCRYPTION, messageId), List.copyOf(payloads)));
    }

    static IsakmpMessage decodePlain(InboundMessage in) {
        return IsakmpMessage.decode(ByteBuffer.wrap(in.bytes().toArray()));
    }

    /** An unprotected Notify (RFC 2408 §3.14) about the ISAKMP SA named by {@code c}: what may be said before keys exist. */
    static Bytes unprotectedNotify(CookiePair c, NotifyType type, Entropy entropy) {
        int messageId = entropy.nextInt();
        NotificationPayload n = new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, type,
                Bytes.concat(c.initiatorBytes(), c.responderBytes()), Bytes.EMPTY);
        return plain(c, ExchangeType.INFORMATIONAL, messageId == 0 ? 1 : messageId, List.of(n));
    }

    /** Payloads with their generic headers, chained as on the wire: what follows HASH (RFC 2409 §5.5, §5.7). */
    static Bytes chain(List<? extends Payload> payloads) {
        ByteBuffer out = ByteBuffer.allocate(org.ikd.core.isakmp.payload.PayloadCodec.lengthOf(payloads));
        org.ikd.core.isakmp.payload.PayloadCodec.encodeChain(payloads, out);
        return Bytes.of(out.array());
    }

    static <T extends Payload> T one(IsakmpMessage m, Class<T> type) {
        return m.first(type).orElseThrow(() -> new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED,
                "found no " + type.getSimpleName() + " in " + m));
    }

    static Bytes random(Entropy entropy, int length) {
        byte[] b = new byte[length];
        entropy.nextBytes(b);
        return Bytes.of(b);
    }
}
