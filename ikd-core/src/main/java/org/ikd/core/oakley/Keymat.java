package org.ikd.core.oakley;

import java.util.Arrays;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;

/**
 * Keying material of the IPsec SAs that one Quick Mode creates (RFC 2409 §5.5):
 * <pre>
 *   KEYMAT = K1 | K2 | K3 | ...
 *   K1 = prf(SKEYID_d, [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b)
 *   Kn = prf(SKEYID_d, K(n-1) | [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b)
 * </pre>
 * g(qm)^xy is present only with PFS. One instance serves every SA of the exchange: each
 * protocol and direction has its own SPI (the inbound SA uses the SPI we chose, the outbound
 * one the peer's). {@code toString} shows no keys.
 */
public final class Keymat {
    private final Prf prf;
    private final Secret skeyidD;
    private final Secret pfsSecret;       // null without PFS
    private final Bytes niB;
    private final Bytes nrB;

    private Keymat(Prf prf, Secret skeyidD, Secret pfsSecret, Bytes niB, Bytes nrB) {
        this.prf = prf;
        this.skeyidD = skeyidD;
        this.pfsSecret = pfsSecret;
        this.niB = niB;
        this.nrB = nrB;
    }

    public static Keymat withoutPfs(Prf prf, Secret skeyidD, Bytes niB, Bytes nrB) {
        return new Keymat(prf, skeyidD, null, niB, nrB);
    }

    /** {@code gqmxy} is the Quick Mode Diffie-Hellman secret. */
    public static Keymat withPfs(Prf prf, Secret skeyidD, Secret gqmxy, Bytes niB, Bytes nrB) {
        return new Keymat(prf, skeyidD, gqmxy, niB, nrB);
    }

    public boolean hasPfs() {
        return pfsSecret != null;
    }

    /**
     * {@code length} bytes of KEYMAT for one SA. {@code protocol} is the Protocol-ID of the
     * proposal (RFC 2407 §4.4.1: AH 2, ESP 3, IPCOMP 4); {@code spi} is the SPI as carried in
     * the proposal.
     */
    public Secret derive(int protocol, Bytes spi, int length) {
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 0..255)");
        }
        if (length <= 0) {
            throw new IllegalArgumentException("KEYMAT length " + length + " (expected: > 0)");
        }
        byte[] out = new byte[length];
        byte[] k = null;
        int filled = 0;
        while (filled < length) {
            Prf.Computation c = prf.keyed(skeyidD);
            if (k != null) c.update(k);
            if (pfsSecret != null) c.update(pfsSecret);
            byte[] next = c.update((byte) protocol).update(spi).update(niB).update(nrB).finish();
            if (k != null) Arrays.fill(k, (byte) 0);
            k = next;
            int n = Math.min(k.length, length - filled);
            System.arraycopy(k, 0, out, filled, n);
            filled += n;
        }
        Arrays.fill(k, (byte) 0);
        return Secret.adopt(out);
    }

    @Override
    public String toString() {
        return "Keymat[" + prf + (hasPfs() ? ", pfs]" : "]");
    }
}
