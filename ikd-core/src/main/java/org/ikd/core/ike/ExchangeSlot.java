package org.ikd.core.ike;

import java.util.List;
import org.ikd.core.crypto.Bytes;

/**
 * One running (or recently finished) exchange of an ISAKMP SA, under its message ID, with what
 * retransmission and duplicate detection need: the last message received and what we sent in
 * answer to it (RFC 2408 §5.1). Confined to the IKE event loop.
 */
final class ExchangeSlot {
    final int messageId;
    final Exchange exchange;
    int exchangeType = -1;          // learnt from the first message received
    Bytes lastReceived;
    List<Bytes> lastSent = List.of();
    boolean awaitingReply;
    int transmissions;
    boolean finished;
    int fragmentId;                 // of lastSent's first message, when it goes as fragments (retransmissions reuse it)

    ExchangeSlot(int messageId, Exchange exchange) {
        this.messageId = messageId;
        this.exchange = exchange;
    }

    boolean isDuplicate(Bytes message) {
        return message.equals(lastReceived);
    }
}
