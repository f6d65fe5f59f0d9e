package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ikd.daemon.cli.Ikdctl;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * ikdctl run in this JVM against a daemon's socket (a JVM per call would cost seconds), pings,
 * policy files and bounded waits for the admin tests.
 */
final class Admin {
    /** One ikdctl run: its exit code and what it printed. */
    record Run(int code, String out, String err) {
        JsonObject json() {
            return JsonParser.parseString(out).getAsJsonObject();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n" + out + err;
        }
    }

    private Admin() {}

    static Run ikdctl(IkdNode ikd, String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "--socket";
        argv[1] = ikd.socket().toString();
        System.arraycopy(args, 0, argv, 2, args.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Ikdctl.run(argv, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** ikdctl that must succeed. */
    static Run ok(IkdNode ikd, String... args) {
        Run r = ikdctl(ikd, args);
        assertEquals(0, r.code(), () -> "ikdctl " + String.join(" ", args) + ": " + r);
        return r;
    }

    static JsonObject json(IkdNode ikd, String... args) {
        String[] withJson = new String[args.length + 1];
        System.arraycopy(args, 0, withJson, 0, args.length);
        withJson[args.length] = "--json";
        return ok(ikd, withJson).json();
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    /**
     * {@code count} pings with source {@code from}, one a second; true when one was answered. The
     * first may wait for Main and Quick Mode, slow on a loaded machine: replies are awaited 15 s.
     */
    static boolean ping(Netns ns, String from, String to, int count) {
        return pings(ns, from, to, count).exitCode() == 0;
    }

    static Command.Result pings(Netns ns, String from, String to, int count) {
        return ns.exec(60, "ping", "-c", Integer.toString(count), "-i", "1", "-W", "15", "-I", from, to);
    }

    /** Two pings that must go unanswered (no SA can be made): true when none was answered. */
    static boolean pingUnanswered(Netns ns, String from, String to) {
        Command.Result r = ns.exec(30, "ping", "-c", "2", "-i", "1", "-W", "3", "-I", from, to);
        return r.exitCode() != 0;
    }

    /** Writes a 0600 key file beside the policy. */
    static Path keyFile(Path dir, String name, String key) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(name);
            Files.writeString(f, key + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writePolicy(IkdNode ikd, String toml) {
        try {
            Files.writeString(ikd.socket().resolveSibling("policy.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 200 ms for at most {@code seconds}. */
    static boolean await(int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    static boolean isRoot() {
        try {
            return "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes()).trim());
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Host {@code me}'s policy: rule {@code peer} (ESP {@code esp} transport to {@code peer}, key
     * {@code psk}, SA lifetime {@code lifetime}) unless {@code esp} is null, and rule {@code other}
     * (permit to {@code otherHost}), which has nothing to do with the peer.
     */
    static String policy(String me, String peer, String esp, String lifetime, String psk, String otherHost) {
        String negotiate = esp == null ? "" : """

            [filter-lists.peer]
            filters = [ { source = "me", destination = "%1$s" } ]

            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "%2$s", lifetime = "%3$s" } ]
            pfs = "modp2048"

            [[rules]]
            name = "peer"
            filter-list = "peer"
            filter-action = "esp"
            authentication = [ { psk-file = "%4$s" } ]
            """.formatted(peer, esp, lifetime, psk);
        return """
            name = "it-admin"
            local-addresses = ["%1$s"]

            [main-mode]
            methods = ["aes128-sha256-modp2048"]

            [filter-lists.other]
            filters = [ { source = "me", destination = "%2$s", protocol = "udp", destination-port = 9 } ]
            """.formatted(me, otherHost) + negotiate + """

            [[rules]]
            name = "other"
            filter-list = "other"
            filter-action = "permit"
            """;
    }
}
