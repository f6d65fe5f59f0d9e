package org.ikd.core.oakley;

import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;

/**
 * The CBC IVs of one ISAKMP SA (RFC 2409 App. B, §5.5), one chain per message ID:
 * <ol>
 *   <li>Phase 1 (M-ID 0) starts at hash(g^xi | g^xr), truncated to the cipher's block size,
 *       with the negotiated hash algorithm (not the prf).</li>
 *   <li>Every encrypted message moves its chain on: the next IV is the last ciphertext block of
 *       the previous message with the same M-ID ({@link #advance}).</li>
 *   <li>A phase-2 M-ID (Quick Mode, Informational) starts at hash(last phase-1 CBC block | M-ID),
 *       truncated: derived from the phase-1 chain until the M-ID's first message is recorded.</li>
 * </ol>
 * The caller advances a chain only after a message was sent or was decrypted and accepted, so a
 * forged message cannot move it. Mutable and confined to the IKE event loop, like the SA that
 * owns it. At most {@value #MAX_CHAINS} phase-2 chains are kept (the oldest is forgotten first);
 * callers {@link #forget} an M-ID when its exchange ends.
 */
public final class IvChain {
    static final int MAX_CHAINS = 64;

    private final HashAlgorithm hash;
    private final int blockSize;
    private Bytes phase1;
    private final Map<Integer, Bytes> phase2 = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Bytes> eldest) {
            return size() > MAX_CHAINS;
        }
    };

    private IvChain(HashAlgorithm hash, int blockSize, Bytes phase1) {
        this.hash = hash;
        this.blockSize = blockSize;
        this.phase1 = phase1;
    }

    /** RFC 2409 App. B: the first IV of phase 1 is hash(g^xi | g^xr), the KE data as sent. */
    public static IvChain start(HashAlgorithm hash, int blockSize, Bytes gxi, Bytes gxr) {
        if (blockSize <= 0 || blockSize > hash.outputLength()) {
            throw new IllegalArgumentException("block size " + blockSize + " (expected: 1.." + hash.outputLength() + ")");
        }
        return new IvChain(hash, blockSize, digest(hash, blockSize, gxi, gxr));
    }

    public int blockSize() {
        return blockSize;
    }

    /** The IV for the next message with {@code messageId} (0 for phase 1). */
    public Bytes ivFor(int messageId) {
        if (messageId == 0) return phase1;
        Bytes iv = phase2.get(messageId);
        return iv != null ? iv : digest(hash, blockSize, phase1, Bytes.of(Phase2Hash.mid(messageId)));
    }

    /**
     * Moves the chain of {@code messageId} past a message whose encrypted body was
     * {@code ciphertext} (whole blocks): its next IV is the last block.
     */
    public void advance(int messageId, Bytes ciphertext) {
        if (ciphertext.length() < blockSize || ciphertext.length() % blockSize != 0) {
            throw new IllegalArgumentException("ciphertext is " + ciphertext.length()
                    + " bytes (expected: a non-zero multiple of " + blockSize + ")");
        }
        Bytes last = ciphertext.slice(ciphertext.length() - blockSize, ciphertext.length());
        if (messageId == 0) {
            phase1 = last;
        } else {
            phase2.put(messageId, last);
        }
    }

    /** Drops the chain of a finished phase-2 exchange. */
    public void forget(int messageId) {
        phase2.remove(messageId);
    }

    private static Bytes digest(HashAlgorithm hash, int blockSize, Bytes first, Bytes second) {
        MessageDigest md = Jca.digest(hash);
        first.feed(md::update);
        second.feed(md::update);
        return Bytes.of(md.digest(), 0, blockSize);
    }

    @Override
    public String toString() {
        return "IvChain[" + hash.keyword() + ", block " + blockSize + ", " + phase2.size() + " phase-2 chains]";
    }
}
