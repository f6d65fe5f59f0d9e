package org.ikd.core.oakley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.junit.jupiter.api.Test;

/** Encoding and comparison details; the hashes are checked against strongSwan. */
class Phase2HashTest {
    private final Phase2Hash hash = new Phase2Hash(Prf.hmac(HashAlgorithm.SHA1), Secret.of(new byte[20]));

    @Test
    void messageIdIsFourOctetsInNetworkOrder() {
        assertArrayEquals(new byte[] {(byte) 0x8c, 0x01, 0x02, (byte) 0xff}, Phase2Hash.mid(0x8c0102ff));
    }

    @Test
    void theMessageIdIsPartOfEveryHash() {
        Bytes rest = Bytes.fromHex("0a000010");
        assertNotEquals(hash.hash1(1, rest), hash.hash1(2, rest));
        assertNotEquals(hash.hash3(1, rest, rest), hash.hash3(2, rest, rest));
    }

    @Test
    void hash3IsNotHash1OverTheNonces() {
        // RFC 2409 §5.5: HASH(3) starts with a zero octet.
        Bytes ni = Bytes.fromHex("aaaa");
        Bytes nr = Bytes.fromHex("bbbb");
        assertNotEquals(hash.hash1(7, ni.concat(nr)), hash.hash3(7, ni, nr));
    }

    @Test
    void verifyNeedsTheWholeHash() {
        Bytes h = hash.hash1(1, Bytes.fromHex("00"));
        assertTrue(Phase2Hash.verify(h, h));
        assertFalse(Phase2Hash.verify(h, h.slice(0, 12)));
        assertEquals(20, h.length());
    }
}
