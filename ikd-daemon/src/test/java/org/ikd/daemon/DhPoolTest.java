package org.ikd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.Secret;
import org.junit.jupiter.api.Test;

/** DH values made ahead of time: fresh, handed out once, usable, destroyed when unused. */
class DhPoolTest {
    /**
     * RFC 2409 §6.2, the second Oakley group (MODP 1024): p = 2^1024 - 2^960 - 1 + 2^64 *
     * { [2^894 pi] + 129093 }, written out in hex in the RFC.
     */
    private static final BigInteger MODP_1024_P = new BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD"
            + "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
            + "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", 16);

    private static void waitUntilReady(DhPool pool, DhGroupId group, int n) throws InterruptedException {
        for (int i = 0; i < 300 && pool.ready(group) < n; i++) Thread.sleep(20);
    }

    @Test
    void handsOutEveryPrivateValueOnce() throws Exception {
        try (DhPool pool = new DhPool(new SecureRandom(), 4)) {
            pool.prefill(List.of(DhGroupId.MODP_1024), 4);
            waitUntilReady(pool, DhGroupId.MODP_1024, 4);
            Set<Bytes> seen = new HashSet<>();
            for (int i = 0; i < 12; i++) {                    // more than the depth: some are made inline
                DhPrivate p = pool.generate(DhGroupId.MODP_1024);
                assertTrue(seen.add(p.publicValue()), "public value " + i + " was handed out before");
                p.destroy();
            }
        }
    }

    @Test
    void pooledValuesAgreeOnTheSharedSecret() throws Exception {
        try (DhPool pool = new DhPool(new SecureRandom(), 2)) {
            pool.prefill(List.of(DhGroupId.MODP_1024), 2);
            waitUntilReady(pool, DhGroupId.MODP_1024, 2);
            DhPrivate a = pool.generate(DhGroupId.MODP_1024);
            DhPrivate b = pool.generate(DhGroupId.MODP_1024);
            // RFC 2409 §5: KE data is g^x mod p, 128 bytes for this group, 1 < g^x < p - 1
            BigInteger ga = new BigInteger(1, a.publicValue().toArray());
            assertEquals(128, a.publicValue().length());
            assertTrue(ga.compareTo(BigInteger.ONE) > 0 && ga.compareTo(MODP_1024_P.subtract(BigInteger.ONE)) < 0);
            Secret ab = a.agree(b.publicValue());
            Secret ba = b.agree(a.publicValue());
            assertTrue(ab.contentEquals(ba), "g^ab = g^ba");
        }
    }

    @Test
    void prefillMakesValuesBeforeTheFirstMainModeAsks() throws Exception {
        try (DhPool pool = new DhPool(new SecureRandom(), 8)) {
            pool.prefill(List.of(DhGroupId.MODP_1024, DhGroupId.MODP_2048), 3);
            waitUntilReady(pool, DhGroupId.MODP_2048, 3);
            waitUntilReady(pool, DhGroupId.MODP_1024, 3);
            assertEquals(3, pool.ready(DhGroupId.MODP_1024));
            assertEquals(3, pool.ready(DhGroupId.MODP_2048));
            assertEquals(0, pool.ready(DhGroupId.MODP_1536), "groups the policy does not name are made on demand");
        }
    }

    @Test
    void afterCloseNothingIsKeptAndValuesAreStillMadeInline() throws Exception {
        DhPool pool = new DhPool(new SecureRandom(), 4);
        pool.prefill(List.of(DhGroupId.MODP_1024), 4);
        waitUntilReady(pool, DhGroupId.MODP_1024, 4);
        pool.close();
        assertEquals(0, pool.ready(DhGroupId.MODP_1024));
        DhPrivate p = pool.generate(DhGroupId.MODP_1024);
        assertNotNull(p.publicValue());
        assertEquals(0, pool.ready(DhGroupId.MODP_1024), "a closed pool makes nothing ahead");
    }
}
