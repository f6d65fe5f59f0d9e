package org.ikd.core.crypto;

import java.security.InvalidKeyException;
import javax.crypto.Mac;

/**
 * The pseudo-random function of RFC 2409 §5: the HMAC (RFC 2104) of the negotiated hash
 * algorithm, since no separate PRF is ever negotiated in practice (App. A "PRF" class 13 has
 * no values).
 *
 * <p>Not thread-safe and not re-entrant: an instance owns one {@link Mac}. Use one per thread
 * (in practice: per IKE SA on the event loop), and finish one {@link Computation} before
 * starting the next; a stale computation throws {@link IllegalStateException}.
 */
public final class Prf {
    private final HashAlgorithm hash;
    private final Mac mac;
    private long generation;

    private Prf(HashAlgorithm hash) {
        this.hash = hash;
        this.mac = Jca.hmac(hash);
    }

    public static Prf hmac(HashAlgorithm hash) {
        return new Prf(hash);
    }

    public HashAlgorithm hash() {
        return hash;
    }

    /** Bytes of output: the hash length. */
    public int outputLength() {
        return hash.outputLength();
    }

    /** prf(key, data[0] | data[1] | ...), for keys that are not secret (test vectors, nonces). */
    public byte[] compute(byte[] key, byte[]... data) {
        Computation c = start(key);
        for (byte[] d : data) c.update(d);
        return c.finish();
    }

    /** prf(key, data[0] | ...) kept as a {@link Secret}: SKEYID and the keys derived from it. */
    public Secret derive(Secret key, byte[]... data) {
        Computation c = keyed(key);
        for (byte[] d : data) c.update(d);
        return c.toSecret();
    }

    /** Starts prf(key, ...): feed the inputs in order, then take the output once. */
    public Computation keyed(Secret key) {
        return key.apply(this::start);
    }

    /** Starts prf(key, ...) with a key that is not secret (e.g. Ni_b | Nr_b for signatures). */
    public Computation keyed(Bytes key) {
        return start(key.toArray());
    }

    private Computation start(byte[] key) {
        if (key.length == 0) {
            throw new IllegalArgumentException("empty " + hash.keyword() + " prf key");
        }
        try {
            mac.init(Jca.hmacKey(hash, key));
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC key rejected by the JCA", e);
        }
        return new Computation(++generation);
    }

    /** One prf evaluation over concatenated inputs; secrets are fed without copying. */
    public final class Computation {
        private final long id;
        private boolean finished;

        private Computation(long id) {
            this.id = id;
        }

        public Computation update(byte... data) {
            check();
            mac.update(data);
            return this;
        }

        public Computation update(Bytes data) {
            check();
            data.feed(mac::update);
            return this;
        }

        public Computation update(Secret data) {
            check();
            data.apply(b -> {
                mac.update(b);
                return null;
            });
            return this;
        }

        /** The output as a byte array the caller owns. */
        public byte[] finish() {
            check();
            finished = true;
            return mac.doFinal();
        }

        /** The output as public bytes (HASH_I, HASH(1), ...). */
        public Bytes toBytes() {
            byte[] out = finish();
            return Bytes.of(out);
        }

        /** The output as key material. */
        public Secret toSecret() {
            return Secret.adopt(finish());
        }

        private void check() {
            if (finished || id != generation) {
                throw new IllegalStateException("prf computation already finished or superseded");
            }
        }
    }

    @Override
    public String toString() {
        return "Prf[hmac-" + hash.keyword() + "]";
    }
}
