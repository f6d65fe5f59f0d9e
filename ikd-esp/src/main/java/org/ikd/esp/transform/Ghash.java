package org.ikd.esp.transform;

/**
 * GHASH (NIST SP 800-38D §6.4) under one hash subkey H, fed with AAD and ciphertext and closed
 * with their lengths (§7.1 step 5). Nothing allocates per call. Not thread-safe.
 */
sealed interface Ghash permits JdkGhash, TableGhash {
    /** The JDK's intrinsic when java.base opens it to us (conf/jvm.options), else the Java tables. */
    static Ghash of(byte[] h) {
        return JdkGhash.AVAILABLE ? new JdkGhash(h) : new TableGhash(h, 0);
    }

    /** Y = 0: the start of a new message. */
    void reset();

    /** Hashes {@code length} bytes, the last block zero-padded (§7.1 step 5: A || 0^v, C || 0^u). */
    void update(byte[] b, int off, int length);

    /** Hashes len(A) || len(C) in bits (§7.1 step 5) and writes S, 16 bytes, at {@code out}. */
    void finish(long aadBytes, long textBytes, byte[] out, int outOff);
}
