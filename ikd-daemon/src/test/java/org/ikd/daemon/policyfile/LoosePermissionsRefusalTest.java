package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.ikd.daemon.Ikd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 "policy files and key files with loose permissions are refused", through the commands
 * an operator runs: {@code ikd check} and {@code ikd run} both exit 1 and name the file, its mode
 * and the chmod that fixes it; after that chmod, {@code ikd check} passes. {@code ikd run} stops
 * at the policy, before it touches TUN, sockets or the control socket, so these run unprivileged.
 * Key files (PSK, private key): any group or other bit is loose. The policy file holds no key, so
 * it may be readable; world-writable is refused, group-writable warned.
 */
class LoosePermissionsRefusalTest {
    /** {@code local-addresses}: so {@code ikd run} does not depend on this host's addresses. */
    private static final String POLICY = "local-addresses = [\"198.18.0.1\"]\n" + PolicyFileValidationTest.LIST_ACTION_RULE;

    @TempDir
    Path dir;
    PolicyFiles files;
    Path policy;

    @BeforeEach
    void writeAValidPolicy() {
        files = new PolicyFiles(dir);
        files.psk("peer.psk", "correct horse battery staple\n");
        policy = files.write("policy.toml", POLICY);
    }

    record Outcome(int status, String out, String err) {}

    private static Outcome ikd(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Ikd.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Outcome check() {
        return ikd("check", "--local-address", "198.18.0.1", policy.toString());
    }

    private Outcome run() {
        return ikd("run", "--config", policy.toString(), "--control-socket", dir.resolve("ikd.sock").toString());
    }

    private static void chmod(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    /** Both commands refuse, with every fragment in their error output; nothing is started. */
    private void bothRefuse(String... fragments) {
        for (Outcome o : new Outcome[] {check(), run()}) {
            assertEquals(1, o.status(), o.err());
            for (String f : fragments) assertTrue(o.err().contains(f), "'" + f + "' not in:\n" + o.err());
            assertFalse(o.out().contains("policy OK"), o.out());
        }
        assertFalse(Files.exists(dir.resolve("ikd.sock")), "ikd run got past the policy");
    }

    @Test
    void theValidPolicyPassesTheCheck() {
        Outcome o = check();
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().startsWith("policy OK"), o.out());
    }

    @Test
    void aPskFileReadableByOthersIsRefusedUntilChmod600() throws IOException {
        Path psk = dir.resolve("peer.psk");
        chmod(psk, "rw-r--r--");
        bothRefuse("PSK file " + psk + " has mode 0644: group or others may read or change it", "fix: chmod 600 " + psk);
        chmod(psk, "rw-------");
        assertEquals(0, check().status());
    }

    @Test
    void aPskFileReadableByItsGroupIsRefused() throws IOException {
        Path psk = dir.resolve("peer.psk");
        chmod(psk, "rw-r-----");
        bothRefuse("PSK file " + psk + " has mode 0640", "fix: chmod 600 " + psk);
    }

    @Test
    void aCertificatesPrivateKeyReadableByItsGroupIsRefusedUntilChmod600() throws IOException {
        new PkiFiles().writeTo(files);
        policy = files.write("policy.toml", POLICY.replace("{ psk-file = \"peer.psk\" }",
                "{ certificate = \"host.pem\", key = \"host.key\", ca = \"ca.pem\" }"));
        assertEquals(0, check().status(), check().err());
        Path key = dir.resolve("host.key");
        chmod(key, "rw-r-----");
        bothRefuse("private key " + key + " has mode 0640", "fix: chmod 600 " + key);
        chmod(key, "rw-------");
        assertEquals(0, check().status(), check().err());
    }

    @Test
    void aWorldWritablePolicyFileIsRefusedUntilChmodOMinusW() throws IOException {
        chmod(policy, "rw-rw-rw-");
        bothRefuse("policy file " + policy + " has mode 0666: anyone may change it", "fix: chmod o-w " + policy);
        chmod(policy, "rw-rw-r--");
        Outcome o = check();
        assertEquals(0, o.status(), o.err());
        assertTrue(o.err().contains("policy file " + policy + " has mode 0664: its group may change it"), o.err());
        chmod(policy, "rw-r--r--");
        o = check();
        assertEquals(0, o.status(), o.err());
        assertFalse(o.err().contains("may change it"), "a policy file readable by all is fine (it holds no key): " + o.err());
    }
}
