package org.ikd.core.oakley;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import javax.security.auth.Destroyable;

/**
 * The keys of an ISAKMP SA (RFC 2409 §5):
 * <ol>
 *   <li>SKEYID: {@link #skeyidPreSharedKey} or {@link #skeyidSignature};</li>
 *   <li>SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0);</li>
 *   <li>SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1);</li>
 *   <li>SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2);</li>
 *   <li>Ka, the phase-1 cipher key, from SKEYID_e (App. B).</li>
 * </ol>
 * {@code toString} shows lengths only.
 */
public record Phase1Keys(Secret skeyid, Secret skeyidD, Secret skeyidA, Secret skeyidE, Secret encryptionKey)
        implements Destroyable {

    /** RFC 2409 §5: for pre-shared keys, SKEYID = prf(pre-shared-key, Ni_b | Nr_b). */
    public static Secret skeyidPreSharedKey(Prf prf, Secret preSharedKey, Bytes niB, Bytes nrB) {
        return prf.keyed(preSharedKey).update(niB).update(nrB).toSecret();
    }

    /** RFC 2409 §5: for signatures, SKEYID = prf(Ni_b | Nr_b, g^xy). */
    public static Secret skeyidSignature(Prf prf, Bytes niB, Bytes nrB, Secret gxy) {
        return prf.keyed(niB.concat(nrB)).update(gxy).toSecret();
    }

    /**
     * SKEYID_d, _a, _e and a {@code keyLength}-byte Ka. The cookies are the 8-byte CKY-I and
     * CKY-R of the ISAKMP header; g^xy is {@code DhPrivate.agree}'s output. The result owns
     * {@code skeyid}: {@link #destroy()} zeroes it with the others.
     */
    public static Phase1Keys derive(Prf prf, Secret skeyid, Secret gxy, Bytes ckyI, Bytes ckyR, int keyLength) {
        Secret d = prf.keyed(skeyid).update(gxy).update(ckyI).update(ckyR).update((byte) 0).toSecret();
        Secret a = prf.keyed(skeyid).update(d).update(gxy).update(ckyI).update(ckyR).update((byte) 1).toSecret();
        Secret e = prf.keyed(skeyid).update(a).update(gxy).update(ckyI).update(ckyR).update((byte) 2).toSecret();
        return new Phase1Keys(skeyid, d, a, e, encryptionKey(prf, e, keyLength));
    }

    /**
     * RFC 2409 App. B: Ka is the first {@code keyLength} bytes of SKEYID_e when it is long
     * enough; otherwise of K1 | K2 | ... with K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, K(n-1)),
     * "0" being a single octet.
     */
    public static Secret encryptionKey(Prf prf, Secret skeyidE, int keyLength) {
        if (keyLength <= skeyidE.length()) {
            return skeyidE.slice(0, keyLength);
        }
        byte[] ka = new byte[keyLength];
        byte[] k = prf.keyed(skeyidE).update((byte) 0).finish();
        int filled = 0;
        while (true) {
            int n = Math.min(k.length, keyLength - filled);
            System.arraycopy(k, 0, ka, filled, n);
            filled += n;
            if (filled == keyLength) break;
            byte[] next = prf.keyed(skeyidE).update(k).finish();
            java.util.Arrays.fill(k, (byte) 0);
            k = next;
        }
        java.util.Arrays.fill(k, (byte) 0);
        return Secret.adopt(ka);
    }

    @Override
    public void destroy() {
        skeyid.destroy();
        skeyidD.destroy();
        skeyidA.destroy();
        skeyidE.destroy();
        encryptionKey.destroy();
    }

    @Override
    public boolean isDestroyed() {
        return skeyid.isDestroyed();
    }
}
