package org.ikd.core.policy;

import java.nio.file.Path;
import org.ikd.core.crypto.Secret;

/** Main Mode authentication, in the order a rule lists them (Windows "authentication methods"). */
public sealed interface AuthenticationMethod {

    /** A pre-shared key (RFC 2409 §5.4); {@code source} names where it came from, for messages. */
    record PreSharedKey(Secret key, String source) implements AuthenticationMethod {
        @Override
        public String toString() {
            return "psk from " + source;
        }
    }

    /**
     * Signatures with certificates (RFC 2409 §5.1, RFC 4754): our key and certificate, the CAs we
     * trust and an optional CRL. Files, read by the daemon; the engine's signature authenticator
     * loads them.
     */
    record Certificate(Path certificate, Path privateKey, java.util.List<Path> trustAnchors, Path crl)
            implements AuthenticationMethod {
        public Certificate {
            trustAnchors = java.util.List.copyOf(trustAnchors);
        }
    }
}
