package org.ikd.core.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.ikd.core.crypto.Secret;
import org.ikd.core.gss.GssCredentials;
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

    /**
     * Kerberos through the GSS-API (draft-ietf-ipsec-isakmp-gss-auth-07, method 65001), as Windows
     * 2000/XP domain members use it: our host principal's keys from {@code keytab} (kept for
     * messages; null when the credentials did not come from a file), and the peer we accept:
     * {@code peer} is an exact principal ({@code host/b.example@EXAMPLE}) or a realm
     * ({@code @EXAMPLE}: any principal of it). An initiator needs an exact principal to ask
     * its KDC for a ticket.
     */
    record Kerberos(Path keytab, String principal, String peer, GssCredentials credentials) implements AuthenticationMethod {
        public Kerberos {
            Objects.requireNonNull(principal, "principal");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(credentials, "credentials");
            if (peer.isEmpty() || peer.equals("@") || !peer.startsWith("@") && peer.indexOf('@') < 1)
                throw new IllegalArgumentException("peer " + peer + " (expected: service/host@REALM or @REALM)");
        }

        /** True when {@code name}, an authenticated principal, is the peer this method accepts. */
        public boolean acceptsPeer(String name) {
            return peer.startsWith("@") ? name.endsWith(peer) && name.length() > peer.length() : name.equals(peer);
        }

        /** The principal an initiator asks a ticket for; empty when {@code peer} is only a realm. */
        public java.util.Optional<String> target() {
            return peer.startsWith("@") ? java.util.Optional.empty() : java.util.Optional.of(peer);
        }

        @Override
        public String toString() {
            return "kerberos " + principal + " (peer " + peer + ")";
        }
    }
}
