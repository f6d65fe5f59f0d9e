package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code { kerberos = { ... } }} in a rule's authentication: each mistake at its line with the fix. */
class KerberosPolicyTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void files() {
        files = new PolicyFiles(dir);
        files.psk("host.keytab", "not a keytab");
        files.psk("peer.psk", "0123456789abcdef0123456789");
    }

    private static String kerberos(String keys) {
        return PolicyFiles.negotiateRule("{ kerberos = { " + keys + " } }");
    }

    /** One error on line 11 (the authentication line) that contains every fragment. */
    private void assertRefused(String toml, String... fragments) {
        PolicyFileException e = files.reject(toml);
        String all = e.errors().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
        assertTrue(e.errors().stream().map(Diagnostic::toString).anyMatch(m -> m.contains("policy.toml:11:")
                && java.util.Arrays.stream(fragments).allMatch(m::contains)), "no error on line 11 with " + java.util.List.of(fragments) + ":\n" + all);
    }

    @Test
    void refusesAPrincipalWithoutItsRealm() {
        assertRefused(kerberos("keytab = \"host.keytab\", principal = \"host/a.example\", peer = \"@EXAMPLE\""),
                "principal 'host/a.example' is not a Kerberos principal", "host/a.example@EXAMPLE");
    }

    @Test
    void refusesAPeerThatIsNeitherPrincipalNorRealm() {
        assertRefused(kerberos("keytab = \"host.keytab\", principal = \"host/a.example@EXAMPLE\", peer = \"EXAMPLE\""),
                "peer 'EXAMPLE' is neither a principal nor a realm", "\"@EXAMPLE\"");
    }

    @Test
    void refusesAKeytabOthersMayRead() {
        files.psk("open.keytab", "x", "rw-r--r--");
        assertRefused(kerberos("keytab = \"open.keytab\", principal = \"host/a.example@EXAMPLE\", peer = \"@EXAMPLE\""),
                "has mode 0644", "chmod 600");
    }

    @Test
    void refusesAMissingKeyAndSuggestsTheNearestKnown() {
        assertRefused(kerberos("keytabs = \"host.keytab\", principal = \"host/a.example@EXAMPLE\", peer = \"@EXAMPLE\""),
                "unknown key 'keytabs'", "did you mean 'keytab'?");
    }

    @Test
    void refusesAKeytabWithoutThePrincipalsKeys() {
        assertRefused(kerberos("keytab = \"host.keytab\", principal = \"host/a.example@EXAMPLE\", peer = \"@EXAMPLE\""),
                "cannot read the keys of host/a.example@EXAMPLE from", "klist -k");
    }

    @Test
    void refusesASecondKrb5Conf() {
        files.psk("one.conf", "x", "rw-r--r--");
        files.psk("two.conf", "x", "rw-r--r--");
        files.psk("open.keytab", "x", "rw-r--r--");    // refused as well: no login sets the JVM's krb5.conf in this test
        String k = "keytab = \"open.keytab\", principal = \"host/a.example@EXAMPLE\", peer = \"@EXAMPLE\", krb5-conf = ";
        assertRefused(PolicyFiles.negotiateRule("{ kerberos = { " + k + "\"one.conf\" } }, { kerberos = { " + k + "\"two.conf\" } }"),
                "a second krb5-conf", "Java reads one per process");
    }

    @Test
    void refusesAnEntryThatMixesMethods() {
        assertRefused(PolicyFiles.negotiateRule("{ psk-file = \"peer.psk\", kerberos = { keytab = \"host.keytab\", "
                + "principal = \"host/a.example@EXAMPLE\", peer = \"@EXAMPLE\" } }"), "mixes psk-file with kerberos", "one method per entry");
    }
}
