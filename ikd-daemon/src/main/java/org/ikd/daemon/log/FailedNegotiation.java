package org.ikd.daemon.log;

import org.ikd.core.ike.IkeEvent;

/**
 * What event 547 says about a failed negotiation (Windows SA_NEGOTIATION_STATUS_INFO: mode,
 * failure point, reason).
 *
 * @param phase        Main Mode, Quick Mode or Informational
 * @param failurePoint ME: our policy or state refused; PEER: the peer refused or never answered
 * @param peerId       the peer's ID payload when it got that far, else null
 * @param filter       the selector being negotiated (Quick Mode), else null
 * @param reason       names the mismatch: "no proposal chosen: peer offered 3des-md5-modp768; we accept aes128-sha256-modp2048"
 */
public record FailedNegotiation(IkeEvent.Phase phase, String rule, String me, String peer, String peerId, String filter,
                                IkeEvent.FailurePoint failurePoint, String reason) {
}
