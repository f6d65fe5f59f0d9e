package org.ikd.core.oakley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.junit.jupiter.api.Test;

/** RFC 2409 App. B and §5.5 IV rules; the values themselves are checked against strongSwan. */
class IvChainTest {
    private static final Bytes GXI = Bytes.fromHex("01020304");
    private static final Bytes GXR = Bytes.fromHex("05060708");

    private static Bytes blocks(int n, int fill) {
        byte[] b = new byte[16 * n];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (fill + i);
        return Bytes.of(b);
    }

    @Test
    void nextPhase1IvIsTheLastCiphertextBlock() {
        IvChain chain = IvChain.start(HashAlgorithm.SHA2_256, 16, GXI, GXR);
        Bytes ct = blocks(3, 0x40);
        chain.advance(0, ct);
        assertEquals(ct.slice(32, 48), chain.ivFor(0));
    }

    @Test
    void phase2IvIsTheTruncatedHashOfTheLastPhase1BlockAndTheMessageId() throws Exception {
        // RFC 2409 App. B: IV = hash(last phase-1 CBC block | M-ID), hash = the negotiated one.
        IvChain chain = IvChain.start(HashAlgorithm.SHA1, 8, GXI, GXR);
        Bytes mm6 = Bytes.fromHex("1111111111111111 2222222222222222");
        chain.advance(0, mm6);
        byte[] h = MessageDigest.getInstance("SHA-1").digest(Bytes.fromHex("2222222222222222 2cda4dc2").toArray());
        assertEquals(Bytes.of(h, 0, 8), chain.ivFor(0x2cda4dc2));
    }

    @Test
    void eachMessageIdKeepsItsOwnChain() {
        IvChain chain = IvChain.start(HashAlgorithm.SHA2_256, 16, GXI, GXR);
        chain.advance(0, blocks(2, 0));
        Bytes phase1 = chain.ivFor(0);
        Bytes start7 = chain.ivFor(7);
        Bytes start9 = chain.ivFor(9);
        chain.advance(7, blocks(1, 0x70));
        assertEquals(blocks(1, 0x70), chain.ivFor(7));
        assertEquals(start9, chain.ivFor(9));
        assertEquals(phase1, chain.ivFor(0));
        assertNotEquals(start7, start9);
    }

    @Test
    void aForgottenMessageIdStartsAgainFromPhase1() {
        IvChain chain = IvChain.start(HashAlgorithm.SHA2_256, 16, GXI, GXR);
        Bytes start = chain.ivFor(5);
        chain.advance(5, blocks(1, 0x55));
        chain.forget(5);
        assertEquals(start, chain.ivFor(5));
    }

    @Test
    void keepsABoundedNumberOfPhase2Chains() {
        IvChain chain = IvChain.start(HashAlgorithm.SHA2_256, 16, GXI, GXR);
        Bytes firstStart = chain.ivFor(1);
        for (int mid = 1; mid <= IvChain.MAX_CHAINS + 1; mid++) chain.advance(mid, blocks(1, mid));
        assertEquals(firstStart, chain.ivFor(1));                       // the oldest was dropped
        assertEquals(blocks(1, IvChain.MAX_CHAINS + 1), chain.ivFor(IvChain.MAX_CHAINS + 1));
    }

    @Test
    void rejectsCiphertextThatIsNotWholeBlocks() {
        IvChain chain = IvChain.start(HashAlgorithm.SHA1, 8, GXI, GXR);
        assertThrows(IllegalArgumentException.class, () -> chain.advance(0, Bytes.of(new byte[12])));
        assertThrows(IllegalArgumentException.class, () -> chain.advance(0, Bytes.EMPTY));
    }

    @Test
    void rejectsABlockLongerThanTheHash() {
        assertThrows(IllegalArgumentException.class, () -> IvChain.start(HashAlgorithm.MD5, 32, GXI, GXR));
    }
}
