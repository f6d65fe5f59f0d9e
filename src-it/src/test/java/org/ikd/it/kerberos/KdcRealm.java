package org.ikd.it.kerberos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * An MIT Kerberos realm made by the test in {@code dir} (kdb5_util, kadmin.local, never /etc): its
 * database, stash and {@code kdc.conf}, host principals with random keys and their keytabs, and
 * {@code krb5kdc -n} running in the namespace {@code ns} (its PID ours, stopped by that PID).
 */
final class KdcRealm implements AutoCloseable {
    static final String REALM = "EXAMPLE";

    private final Path dir;
    private final Netns ns;
    private Process kdc;

    private KdcRealm(Path dir, Netns ns) {
        this.dir = dir;
        this.ns = ns;
    }

    /** Creates the realm's database in {@code dir} and the given principals (e.g. {@code host/a.example}). */
    static KdcRealm create(Path dir, Netns ns, String... principals) throws IOException {
        Files.createDirectories(dir);
        KdcRealm r = new KdcRealm(dir, ns);
        Files.writeString(dir.resolve("kdc.conf"), """
                [kdcdefaults]
                 kdc_listen = 88
                 kdc_tcp_listen = 88
                [realms]
                 %1$s = {
                  database_name = %2$s/principal
                  key_stash_file = %2$s/stash
                  acl_file = %2$s/kadm5.acl
                  max_life = 10h
                  supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                 }
                [logging]
                 kdc = FILE:%2$s/kdc.log
                """.formatted(REALM, dir));
        Files.writeString(dir.resolve("krb5.conf"), krb5Conf("127.0.0.1", 300));
        r.tool(30, "kdb5_util", "create", "-s", "-r", REALM, "-P", "k5-it-master-" + System.nanoTime());
        for (String p : principals) r.admin("addprinc -randkey " + p + "@" + REALM);
        return r;
    }

    /**
     * The krb5.conf of a host whose KDC is at {@code kdc}: no DNS; the JDK's {@code kdc_timeout} in
     * milliseconds (2 s) and one try, so that an unreachable KDC is named within seconds;
     * {@code clockskew} in seconds (RFC 4120 §3.2.3: how old an authenticator an acceptor takes).
     */
    static String krb5Conf(String kdc, int clockSkewSeconds) {
        return """
                [libdefaults]
                 default_realm = %1$s
                 dns_lookup_kdc = false
                 dns_lookup_realm = false
                 kdc_timeout = 2000
                 max_retries = 1
                 clockskew = %3$d
                [realms]
                 %1$s = {
                  kdc = %2$s
                 }
                """.formatted(REALM, kdc, clockSkewSeconds);
    }

    /** Writes the keys of {@code principal} (as they are now) into {@code keytab}, mode 0600. */
    Path keytab(String principal, Path keytab) throws IOException {
        Files.createDirectories(keytab.getParent());
        admin("ktadd -k " + keytab + " " + principal + "@" + REALM);
        Files.setPosixFilePermissions(keytab, PosixFilePermissions.fromString("rw-------"));
        return keytab;
    }

    /** New random keys for {@code principal}: keytabs written before no longer hold its current key. */
    void rotate(String principal) {
        admin("cpw -randkey " + principal + "@" + REALM);
    }

    /** Starts {@code krb5kdc -n} in the namespace and waits (≤ 20 s) until it says it serves the realm. */
    void start() throws IOException {
        List<String> argv = new ArrayList<>(ns.execPrefix());
        argv.addAll(List.of("env", "KRB5_CONFIG=" + dir.resolve("krb5.conf"), "KRB5_KDC_PROFILE=" + dir.resolve("kdc.conf"),
                "krb5kdc", "-n", "-r", REALM));
        kdc = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(dir.resolve("krb5kdc.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        Path log = dir.resolve("kdc.log");
        while (!(Files.exists(log) && Files.readString(log).contains("commencing operation"))) {
            if (!kdc.isAlive() || System.nanoTime() > deadline)
                throw new IllegalStateException("krb5kdc did not start:\n" + output());
            IkdNode.sleep(50);
        }
    }

    /** The KDC's log: which principal asked for what, and its errors (e.g. CLIENT_NOT_FOUND). */
    String log() {
        try {
            Path log = dir.resolve("kdc.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output() throws IOException {
        return log() + Files.readString(dir.resolve("krb5kdc.out"));
    }

    private void admin(String query) {
        tool(30, "kadmin.local", "-r", REALM, "-q", query);
    }

    private void tool(long timeoutSeconds, String... command) {
        List<String> argv = new ArrayList<>(List.of("env", "KRB5_CONFIG=" + dir.resolve("krb5.conf"),
                "KRB5_KDC_PROFILE=" + dir.resolve("kdc.conf")));
        argv.addAll(List.of(command));
        Command.Result r = Command.run(argv, timeoutSeconds).orThrow(argv);
        if (r.stderr().contains("error") || r.stdout().contains("error"))
            throw new IllegalStateException(String.join(" ", command) + ": " + r.stdout() + r.stderr());
    }

    @Override
    public void close() {
        if (kdc == null || !kdc.isAlive()) return;
        kdc.destroy();
        try {
            if (!kdc.waitFor(10, TimeUnit.SECONDS)) kdc.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
