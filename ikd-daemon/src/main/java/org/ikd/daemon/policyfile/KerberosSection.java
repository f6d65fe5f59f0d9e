package org.ikd.daemon.policyfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.login.LoginException;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.daemon.kerberos.JgssCredentials;

/**
 * {@code { kerberos = { keytab = "...", principal = "host/a.example@EXAMPLE", peer = "host/b.example@EXAMPLE" } }}:
 * Kerberos through the GSS-API (draft-ietf-ipsec-isakmp-gss-auth-07), as Windows domain members
 * use it. {@code peer} is an exact principal or {@code @REALM}; {@code krb5-conf} names the file
 * with the realm's KDCs (default /etc/krb5.conf). The keytab is read here, so a keytab without the
 * principal's keys is an error at its line; tickets are fetched later, on the daemon's Kerberos thread.
 */
final class KerberosSection {
    private final Path base;
    private final boolean fetchTickets;
    private Path krb5Conf;                  // the first krb5-conf of the file: the JDK reads one per process

    static final List<String> KEYS = List.of("keytab", "principal", "peer", "krb5-conf");
    static final String FORM = "{ kerberos = { keytab = \"/etc/krb5.keytab\", principal = \"host/a.example@EXAMPLE\", "
            + "peer = \"host/b.example@EXAMPLE\" } }";
    private static final Pattern PRINCIPAL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern REALM = Pattern.compile("@[^@\\s]+");

    /** @param base the policy file's directory */
    KerberosSection(Path base, boolean fetchTickets) {
        this.base = base;
        this.fetchTickets = fetchTickets;
    }

    /** The method in {@code k}, the value of an entry's {@code kerberos} key; broken values are reported. */
    Optional<AuthenticationMethod> parse(TomlSection k) {
        Diagnostics log = k.log();
        int before = log.errorCount();
        k.allowOnly(KEYS);
        Optional<TomlSection.Item> principal = k.requiredString("principal", "principal = \"host/a.example@EXAMPLE\"");
        principal.filter(p -> !PRINCIPAL.matcher(p.value()).matches()).ifPresent(p -> log.error(p.at(),
                "principal '" + p.value() + "' is not a Kerberos principal", "service/host@REALM, e.g. \"host/a.example@EXAMPLE\""));
        Optional<TomlSection.Item> peer = k.requiredString("peer", "peer = \"host/b.example@EXAMPLE\" or peer = \"@EXAMPLE\"");
        peer.filter(p -> !PRINCIPAL.matcher(p.value()).matches() && !REALM.matcher(p.value()).matches()).ifPresent(p -> log.error(p.at(),
                "peer '" + p.value() + "' is neither a principal nor a realm", "\"host/b.example@EXAMPLE\" or \"@EXAMPLE\" (any principal of the realm)"));
        Path keytab = file(k, base, "keytab", true);
        Path conf = k.has("krb5-conf") ? file(k, base, "krb5-conf", false) : null;
        if (conf != null && krb5Conf != null && !conf.equals(krb5Conf))
            log.error(k.at("krb5-conf"), "a second krb5-conf (" + conf + "): Java reads one per process",
                    "krb5-conf = \"" + krb5Conf + "\" as in the first Kerberos method, or none");
        if (conf != null && krb5Conf == null) krb5Conf = conf;
        if (log.errorCount() > before || keytab == null) return Optional.empty();
        String target = peer.get().value().startsWith("@") || !fetchTickets ? null : peer.get().value();
        try {
            JgssCredentials credentials = JgssCredentials.open(keytab, principal.get().value(), target, conf);
            return Optional.of(new AuthenticationMethod.Kerberos(keytab, principal.get().value(), peer.get().value(), credentials));
        } catch (LoginException | RuntimeException e) {
            log.error(k.at("keytab"), "cannot read the keys of " + principal.get().value() + " from " + keytab + ": " + e.getMessage(),
                    "a keytab that holds the principal (klist -k " + keytab + " lists it)");
            return Optional.empty();
        }
    }

    private static Path file(TomlSection k, Path base, String key, boolean secret) {
        Optional<TomlSection.Item> item = k.requiredString(key, key + " = \"/etc/...\"");
        if (item.isEmpty()) return null;
        Path p = base.resolve(item.get().value()).normalize();
        boolean ok = secret ? KeyFile.checkPrivate(p, key, item.get().at(), k.log())
                : KeyFile.checkExists(p, key, item.get().at(), k.log());
        return ok ? p : null;
    }
}
