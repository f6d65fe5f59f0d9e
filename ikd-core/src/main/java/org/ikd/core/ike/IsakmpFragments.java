package org.ikd.core.ike;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.FragmentPayload;

/**
 * The wire form of IKEv1 fragments (Cisco's extension, as strongSwan's message.c writes them): each
 * fragment is a message of its own, the original's cookies, message ID 0, exchange type Main Mode
 * (Aggressive Mode for an Aggressive Mode message), no flags, and one FRAGMENT payload (132) carrying
 * a slice of the whole original message, header and encrypted body included. Headers and payloads
 * go through the ISAKMP codec like any other message.
 */
final class IsakmpFragments {
    /** One received fragment: the cookies its header names and its payload. */
    record Fragment(Bytes cookies, FragmentPayload payload) {}

    private IsakmpFragments() {}

    /** True when the first payload of the message is a FRAGMENT (RFC 2408 §3.1: Next Payload). */
    static boolean isFragment(IsakmpHeader header) {
        return header.nextPayload().equals(PayloadType.FRAGMENT);
    }

    /** Cuts {@code message} (one of ours) into fragment messages carrying at most {@code dataPerFragment} bytes each. */
    static List<Bytes> split(Bytes message, int fragmentId, int dataPerFragment) {
        if (dataPerFragment < 1) throw new IllegalArgumentException("fragment data " + dataPerFragment + " (expected: >= 1)");
        int count = (message.length() + dataPerFragment - 1) / dataPerFragment;
        if (count > 255) throw new IllegalArgumentException("message of " + message.length() + " bytes needs "
                + count + " fragments of " + dataPerFragment + " (expected: <= 255)");
        IsakmpHeader original = IsakmpHeader.decode(message);
        ExchangeType exchange = original.exchangeType().equals(ExchangeType.AGGRESSIVE) ? ExchangeType.AGGRESSIVE : ExchangeType.MAIN_MODE;
        IsakmpHeader header = IsakmpHeader.of(original.initiatorCookie(), original.responderCookie(), exchange, 0, 0);
        List<Bytes> out = new ArrayList<>(count);
        for (int n = 1; n <= count; n++) {
            int from = (n - 1) * dataPerFragment;
            Bytes slice = message.slice(from, Math.min(from + dataPerFragment, message.length()));
            out.add(new IsakmpMessage(header, List.of(new FragmentPayload(fragmentId & 0xffff, n, n == count, slice))).encode());
        }
        return out;
    }

    /** Reads a fragment message; refuses anything but a cleartext message of exactly one FRAGMENT payload. */
    static Fragment parse(Bytes message) {
        IsakmpMessage m = IsakmpMessage.decode(ByteBuffer.wrap(message.toArray()));
        if (m.payloads().size() != 1 || !(m.payloads().get(0) instanceof FragmentPayload p))
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED, "fragment message: found payloads "
                    + m.payloadTypes() + ", expected one FRAGMENT");
        if (p.data().isEmpty())
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED, "FRAGMENT payload: found no data, expected 1 byte or more");
        return new Fragment(message.slice(0, 16), p);
    }
}
