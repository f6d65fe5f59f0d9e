package org.ikd.core.gss;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;

/**
 * A toy GSS-API mechanism for in-memory tests of the IKE side only: a shared "KDC" that knows the
 * principals and hands both contexts the same session key (looked up by a ticket number in the
 * token). It proves nothing; the real Kerberos is tested against MIT krb5 in src-it.
 */
public final class ToyKerberos {
    private final Set<String> principals;
    private final Map<String, byte[]> sessions = new HashMap<>();
    private final SecureRandom random = new SecureRandom();
    /** When set, the next accept fails with this reason (as a KDC or acceptor would). */
    public String acceptFailure;
    /** When set, initiate fails with this reason (no ticket). */
    public String initiateFailure;
    /** When set, initiate sends these bytes as its token (a hostile or broken initiator). */
    public byte[] forgedToken;

    public ToyKerberos(String... principals) {
        this.principals = Set.of(principals);
    }

    public GssCredentials credentials(String principal) {
        return new GssCredentials() {
            @Override
            public String principal() {
                return principal;
            }

            @Override
            public Initiated initiate(String target) throws GssFailure {
                if (initiateFailure != null) throw new GssFailure(initiateFailure);
                if (!principals.contains(target)) throw new GssFailure("Server not found in Kerberos database (7)");
                byte[] key = new byte[32];
                random.nextBytes(key);
                String ticket = Long.toHexString(random.nextLong());
                sessions.put(ticket, key);
                Context c = new Context(principal, target, key);
                byte[] token = forgedToken != null ? forgedToken : ("AP-REQ|" + principal + "|" + target + "|" + ticket).getBytes(StandardCharsets.UTF_8);
                return new Initiated(c, Bytes.of(token));
            }

            @Override
            public GssContext accept() {
                return new Context(principal, null, null);
            }
        };
    }

    private final class Context implements GssContext {
        private final String self;
        private String peer;
        private byte[] key;
        private boolean established;

        Context(String self, String peer, byte[] key) {
            this.self = self;
            this.peer = peer;
            this.key = key;
        }

        @Override
        public Bytes step(Bytes token) throws GssFailure {
            String[] f = new String(token.toArray(), StandardCharsets.UTF_8).split("\\|");
            if (key == null) {                                   // acceptor: the AP-REQ
                if (acceptFailure != null) throw new GssFailure(acceptFailure);
                if (f.length != 4 || !f[0].equals("AP-REQ")) throw new GssFailure("Defective token detected");
                if (!f[2].equals(self)) throw new GssFailure("Specified version of key is not available (44)");
                key = sessions.get(f[3]);
                if (key == null) throw new GssFailure("Request is a replay (34)");
                peer = f[1];
                established = true;
                return Bytes.of(("AP-REP|" + f[3]).getBytes(StandardCharsets.UTF_8));
            }
            if (f.length != 2 || !f[0].equals("AP-REP")) throw new GssFailure("Defective token detected");
            established = true;
            return Bytes.EMPTY;
        }

        @Override
        public boolean established() {
            return established;
        }

        @Override
        public String peer() {
            return peer;
        }

        @Override
        public Bytes wrap(Bytes message) {
            return mac(message).concat(message);
        }

        @Override
        public Bytes unwrap(Bytes token) throws GssFailure {
            if (token.length() < 32) throw new GssFailure("Defective token detected");
            Bytes m = token.slice(32, token.length());
            if (!MessageDigest.isEqual(mac(m).toArray(), token.slice(0, 32).toArray())) throw new GssFailure("Integrity check on decrypted field failed (31)");
            return m;
        }

        private Bytes mac(Bytes m) {
            return Bytes.of(Prf.hmac(HashAlgorithm.SHA2_256).keyed(Secret.of(key)).update(m).finish());
        }

        @Override
        public void dispose() {
            key = null;
        }
    }
}
