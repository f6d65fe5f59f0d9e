package org.ikd.core.oakley;

import java.security.MessageDigest;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;

/**
 * Main Mode's authenticating hashes (RFC 2409 §5):
 * <pre>
 *   HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
 *   HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
 * </pre>
 * SAi_b is the body of the initiator's SA payload and IDii_b / IDir_b the bodies of the ID
 * payloads, all without their generic headers. With signatures these are what is signed.
 * Shares the {@link Prf}'s thread rules (one IKE SA, one thread).
 *
 * @param gxi the initiator's KE data, as sent
 * @param gxr the responder's KE data, as sent
 */
public record Phase1Hash(Prf prf, Secret skeyid, Bytes gxi, Bytes gxr, Bytes ckyI, Bytes ckyR, Bytes saiB) {

    public Bytes initiator(Bytes idiiB) {
        return prf.keyed(skeyid).update(gxi).update(gxr).update(ckyI).update(ckyR)
                .update(saiB).update(idiiB).toBytes();
    }

    public Bytes responder(Bytes idirB) {
        return prf.keyed(skeyid).update(gxr).update(gxi).update(ckyR).update(ckyI)
                .update(saiB).update(idirB).toBytes();
    }

    /** Compares a received HASH_I in constant time. */
    public boolean verifyInitiator(Bytes idiiB, Bytes received) {
        return constantTimeEquals(initiator(idiiB), received);
    }

    /** Compares a received HASH_R in constant time. */
    public boolean verifyResponder(Bytes idirB, Bytes received) {
        return constantTimeEquals(responder(idirB), received);
    }

    static boolean constantTimeEquals(Bytes expected, Bytes received) {
        return MessageDigest.isEqual(expected.toArray(), received.toArray());
    }
}
