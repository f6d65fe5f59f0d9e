package org.ikd.core.oakley;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;

/**
 * The hashes that authenticate Quick Mode (RFC 2409 §5.5) and Informational (§5.7) messages,
 * keyed with SKEYID_a. "After HASH" is every payload of the message that follows the HASH
 * payload, with their generic headers, exactly as on the wire; the M-ID is the 4-byte message
 * ID of the ISAKMP header.
 * <pre>
 *   HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ])
 *   HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ])
 *   HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
 *   Informational HASH(1) = prf(SKEYID_a, M-ID | N/D)
 * </pre>
 * Shares the {@link Prf}'s thread rules (one IKE SA, one thread).
 */
public record Phase2Hash(Prf prf, Secret skeyidA) {

    public Bytes hash1(int messageId, Bytes afterHash) {
        return prf.keyed(skeyidA).update(mid(messageId)).update(afterHash).toBytes();
    }

    /** {@code niB} is the body of the initiator's Nonce payload. */
    public Bytes hash2(int messageId, Bytes niB, Bytes afterHash) {
        return prf.keyed(skeyidA).update(mid(messageId)).update(niB).update(afterHash).toBytes();
    }

    public Bytes hash3(int messageId, Bytes niB, Bytes nrB) {
        return prf.keyed(skeyidA).update((byte) 0).update(mid(messageId)).update(niB).update(nrB).toBytes();
    }

    /** RFC 2409 §5.7: over the Notification or Delete payload that follows HASH. */
    public Bytes informational(int messageId, Bytes afterHash) {
        return hash1(messageId, afterHash);
    }

    /** Compares a received hash with the one computed, in constant time. */
    public static boolean verify(Bytes computed, Bytes received) {
        return Phase1Hash.constantTimeEquals(computed, received);
    }

    static byte[] mid(int messageId) {
        return new byte[] {
            (byte) (messageId >>> 24), (byte) (messageId >>> 16), (byte) (messageId >>> 8), (byte) messageId
        };
    }
}
