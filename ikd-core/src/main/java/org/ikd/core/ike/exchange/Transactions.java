package org.ikd.core.ike.exchange;

import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.oakley.Phase2Hash;

/**
 * Messages of the Transaction exchange (draft-dukes-ike-mode-cfg-02 §3.1): {@code HDR*, HASH, ATTR}, under
 * the ISAKMP SA's keys with a per-message-ID IV chain, as Quick Mode and Informational (RFC 2409 App. B).
 * The HASH is "prf(SKEYID_a, M-ID | ATTR)", the payloads after HASH as on the wire: the same
 * construction strongSwan's keymat_v1 uses for every phase-2 exchange but Quick Mode's HASH(2) and HASH(3).
 */
final class Transactions {
    private Transactions() {}

    static Bytes seal(IsakmpSa sa, int messageId, AttributePayload attributes) {
        Bytes hash = sa.protection().phase2Hash().hash1(messageId, Wire.chain(List.of(attributes)));
        return Wire.sealed(sa, ExchangeType.TRANSACTION, messageId, List.of(new HashPayload(hash), attributes));
    }

    /** Opens, checks the shape and the HASH, and moves the IV chain; throws (dropped, counted) otherwise. */
    static AttributePayload open(IsakmpSa sa, InboundMessage in) {
        if (!in.encrypted())
            throw new IsakmpException(NotifyType.INVALID_FLAGS, "found a Transaction in the clear, expected it protected by the"
                    + " ISAKMP SA (draft-dukes-ike-mode-cfg-02 §3.1)");
        MessageProtection p = sa.protection();
        MessageProtection.Opened opened = p.open(in.bytes());
        MessageRules.check(ExchangeStep.TRANSACTION, opened.message());
        if (!Phase2Hash.verify(p.phase2Hash().hash1(in.messageId(), opened.message().encodePayloads(1)),
                Wire.one(opened.message(), HashPayload.class).hash()))
            throw new IsakmpException(NotifyType.INVALID_HASH_INFORMATION, "Transaction HASH does not match");
        p.accept(opened);
        return Wire.one(opened.message(), AttributePayload.class);
    }

    /** A user name as the Oakley log may show it: printable ASCII, at most 64 characters (it comes from the peer). */
    static String printable(Bytes raw) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < raw.length() && b.length() < 64; i++) {
            int c = raw.getUnsigned(i);
            b.append(c >= 0x20 && c < 0x7f && c != '\'' ? (char) c : '?');
        }
        return b.toString();
    }
}
