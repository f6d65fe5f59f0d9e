package org.ikd.daemon.log;

import org.ikd.core.ike.IkeEvent;

/**
 * What events 544–547 say about a failed negotiation (msaudite.h: 547 SE_AUDITID_IPSEC_NEGOTIATION_FAIL,
 * mode, filter, peer identity, failure point, failure reason; 544/545 peer identity and filter; 546
 * mode, filter, expected and received value), from the engine's typed event.
 *
 * @param id           the ISAKMP SA's serial; 0 when none was made (an acquire refused before Main Mode)
 * @param role         {@code initiator} or {@code responder}
 * @param peerId       the peer's ID payload when it got that far, else null
 * @param peerVendor   what the peer's vendor IDs name, "" when unknown
 * @param filter       the selector being negotiated (Quick Mode, or the acquire's), else null
 * @param kind         which of 544, 545, 546 comes before the 547, if any
 * @param notifyType   the RFC 2408 §3.14.1 notify type we sent or received, else null
 * @param mismatch     what the peer proposed and what we accept (546), else null
 * @param reason       names the mismatch: "no proposal chosen: peer offered 3des-md5-modp768; we accept aes128-sha256-modp2048"
 */
public record FailedNegotiation(IkeEvent.Phase phase, long id, String rule, String role, String me, String peer, String peerId,
                                String peerVendor, String filter, IkeEvent.FailurePoint failurePoint, IkeEvent.FailureKind kind,
                                String notifyType, IkeEvent.ProposalMismatch mismatch, String reason) {
    /** A 547 with no more than the older fields (tests). */
    public FailedNegotiation(IkeEvent.Phase phase, String rule, String me, String peer, String peerId, String filter,
                             IkeEvent.FailurePoint failurePoint, String reason) {
        this(phase, 0, rule, null, me, peer, peerId, null, filter, failurePoint, IkeEvent.FailureKind.NEGOTIATION, null, null, reason);
    }

    /** The transforms the peer offered, as one value. */
    String received() {
        return mismatch == null ? null : String.join(", ", mismatch.received());
    }

    /** The transforms we accept, as one value. */
    String expected() {
        return mismatch == null ? null : String.join(", ", mismatch.expected());
    }
}
