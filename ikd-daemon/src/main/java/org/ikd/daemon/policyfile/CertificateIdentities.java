package org.ikd.daemon.policyfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.ike.auth.RuleIdentities;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Identity;

/**
 * A rule's {@code local-id}/{@code peer-id} given to its certificate methods (RFC 4945 §3.1): the
 * local ID must name the rule's certificate (its subject DN or a subjectAltName), else the policy is
 * refused at the {@code local-id} line; a key ID cannot be bound to a certificate on either side.
 */
final class CertificateIdentities {
    private CertificateIdentities() {}

    static List<AuthenticationMethod> apply(TomlSection r, List<AuthenticationMethod> auth, RuleOptions options, Diagnostics log) {
        if (options.localId() == null && options.peerId() == null) return auth;
        Identity local = core(options.localId());
        Identity peer = core(options.peerId());
        List<AuthenticationMethod> out = new ArrayList<>();
        for (AuthenticationMethod m : auth) {
            if (!(m instanceof AuthenticationMethod.Certificate c)) {
                out.add(m);
                continue;
            }
            if (local != null) check(r, options.localId(), c, log);
            if (peer != null && peer.type() == Identity.Type.KEY_ID)
                log.error(r.at("peer-id"), "peer-id " + options.peerId() + " is a key ID, which no certificate can name",
                        "with certificates: dn:..., fqdn:..., email:... or an address the peer's certificate names");
            out.add(c.withIdentities(local, peer));
        }
        return out;
    }

    private static void check(TomlSection r, IkeIdentity local, AuthenticationMethod.Certificate c, Diagnostics log) {
        Optional<String> why = RuleIdentities.mismatchWithOurs(core(local), c.credential().certificate());
        if (why.isEmpty()) return;
        String file = c.certificate() != null ? c.certificate().toString() : "the certificate";
        log.error(r.at("local-id"), "local-id " + local + " does not name " + file + ": " + why.get(),
                "the certificate's subject (dn:" + subject(c) + ") or one of its subjectAltNames, or no local-id");
    }

    private static String subject(AuthenticationMethod.Certificate c) {
        return c.credential().certificate().getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
    }

    /** The policy file's identity as the core model's. */
    static Identity core(IkeIdentity id) {
        return id == null ? null : new Identity(Identity.Type.valueOf(id.type().name()), id.value());
    }
}
