package org.ikd.core.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ikd.core.crypto.Secret;
import org.ikd.core.pki.Credential;
import org.ikd.core.pki.TrustAnchors;

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
     * trust and an optional CRL. The daemon reads the files named by the paths (kept for messages;
     * null when the material did not come from files) and hands the parsed objects in.
     * {@code localId} is the ID we send (null: our certificate's subject DN), {@code peerId} the ID
     * the peer must send besides one its certificate names (null: any its certificate names).
     */
    record Certificate(Path certificate, Path privateKey, List<Path> trustAnchors, Path crl,
                       Credential credential, TrustAnchors trust, Identity localId, Identity peerId) implements AuthenticationMethod {
        public Certificate {
            trustAnchors = List.copyOf(trustAnchors);
            Objects.requireNonNull(credential, "credential");
            Objects.requireNonNull(trust, "trust");
        }

        /** Without {@code local-id} and {@code peer-id}. */
        public Certificate(Path certificate, Path privateKey, List<Path> trustAnchors, Path crl,
                           Credential credential, TrustAnchors trust) {
            this(certificate, privateKey, trustAnchors, crl, credential, trust, null, null);
        }

        /** Material that did not come from files (tests, dynamic policy). */
        public static Certificate of(Credential credential, TrustAnchors trust) {
            return new Certificate(null, null, List.of(), null, credential, trust);
        }

        /** The same material with a rule's {@code local-id} and {@code peer-id} (either may be null). */
        public Certificate withIdentities(Identity local, Identity peer) {
            return new Certificate(certificate, privateKey, trustAnchors, crl, credential, trust, local, peer);
        }

        @Override
        public String toString() {
            return "certificate " + (certificate != null ? certificate : credential.certificate().getSubjectX500Principal());
        }
    }
}
