package org.ikd.core.ike.auth;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.crypto.Secret;

/**
 * Where Main Mode finds pre-shared keys. A responder must pick one before the encrypted IDs arrive
 * (RFC 2409 §5.4: SKEYID depends on it), so it asks by address and tries the candidates in order
 * on message 5; a key may also be bound to the peer's ID, checked once the ID is decrypted.
 */
public interface PreSharedKeys {
    /** A candidate key and the peer ID it is bound to (null: any ID). */
    record Candidate(Secret key, String peerId, String source) {
        @Override
        public String toString() {
            return "psk from " + source + (peerId == null ? "" : " for " + peerId);
        }
    }

    /** Keys to try with {@code peer}, best first; empty when none may be used. */
    List<Candidate> forPeer(InetAddress peer);
}
