package org.ikd.it.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * strongSwan's charon in a namespace of ours, as STRONGSWAN.md describes: a private mount
 * namespace with its own /run (charon hard-codes its pid file), its own strongswan.conf and
 * vici socket, the kernel-libipsec data plane, a debug file log. Only the PID started here is
 * ever killed.
 */
public final class Charon implements AutoCloseable {
    public static final String PLUGINS = "random nonce openssl aes sha1 sha2 md5 hmac xcbc gmp gcm kdf pem pkcs1 pkcs8"
            + " x509 pubkey kernel-libipsec kernel-netlink socket-default vici" + (xauthGeneric() ? " xauth-generic" : "");

    /** The XAUTH client and server backend of swanctl secrets (Debian: libcharon-extauth-plugins), when installed. */
    public static boolean xauthGeneric() {
        return Files.exists(Path.of("/usr/lib/ipsec/plugins/libstrongswan-xauth-generic.so"));
    }

    private final Path dir;
    private final Process process;

    private Charon(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of("/usr/lib/ipsec/charon")) && Command.available("swanctl");
    }

    /** Starts charon in {@code ns} with {@code swanctlConf} loaded; {@code dir} receives its state and log. */
    public static Charon start(Netns ns, Path dir, String swanctlConf) {
        return start(ns, dir, swanctlConf, new String[0]);
    }

    /** As {@link #start(Netns, Path, String)}, with {@code charonSettings} added to strongswan.conf's charon section. */
    public static Charon start(Netns ns, Path dir, String swanctlConf, String... charonSettings) {
        try {
            Files.createDirectories(dir.resolve("run"));
            String conf = strongswanConf(dir).replace("    retransmit_timeout = 1\n",
                    "    retransmit_timeout = 1\n" + String.join("", java.util.Arrays.stream(charonSettings).map(l -> "    " + l + "\n").toList()));
            Files.writeString(dir.resolve("strongswan.conf"), conf);
            Files.writeString(dir.resolve("swanctl.conf"), swanctlConf);
            List<String> argv = new ArrayList<>(ns.execPrefix());
            argv.addAll(List.of("unshare", "-m", "--propagation", "private", "sh", "-c",
                    "mount --bind '" + dir.resolve("run") + "' /run && exec /usr/lib/ipsec/charon"));
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("charon.stdout").toFile());
            pb.environment().put("STRONGSWAN_CONF", dir.resolve("strongswan.conf").toString());
            Charon c = new Charon(dir, pb.start());
            c.awaitVici();
            c.swanctl("--load-all", "--file", dir.resolve("swanctl.conf").toString());
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitVici() {
        Path sock = dir.resolve("charon.vici");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(sock)) {
            if (!process.isAlive()) throw new IllegalStateException("charon exited: see " + dir.resolve("charon.stdout"));
            if (System.nanoTime() > deadline) throw new IllegalStateException("charon's vici socket did not appear");
            sleep(50);
        }
    }

    static String strongswanConf(Path dir) {
        return """
            charon {
                load_modular = no
                load = %s
                threads = 16
                install_virtual_ip = no
                retransmit_tries = 3
                retransmit_timeout = 1
                plugins {
                    vici {
                        socket = unix://%s/charon.vici
                    }
                }
                filelog {
                    ikdlab {
                        path = %s/charon.log
                        time_format = %%H:%%M:%%S
                        flush_line = yes
                        default = 1
                        ike = 2
                        chd = 2
                        cfg = 2
                        knl = 2
                        net = 1
                        enc = 1
                    }
                }
                syslog {
                    daemon {
                        default = -1
                    }
                }
            }
            swanctl {
                load = pem pkcs1 x509 pubkey random nonce
            }
            """.formatted(PLUGINS, dir, dir);
    }

    /** Runs {@code swanctl COMMAND args} against this instance; fails on a non-zero exit. */
    public String swanctl(String command, String... args) {
        List<String> argv = new ArrayList<>(List.of("swanctl", command, "--uri", "unix://" + dir.resolve("charon.vici")));
        argv.addAll(List.of(args));
        return Command.run(argv, 60).orThrow(argv).stdout();
    }

    /** Like {@link #swanctl} but returns the result whatever the exit code (for expected failures). */
    public Command.Result swanctlResult(String command, String... args) {
        List<String> argv = new ArrayList<>(List.of("swanctl", command, "--uri", "unix://" + dir.resolve("charon.vici")));
        argv.addAll(List.of(args));
        return Command.run(argv, 60);
    }

    public String listSas() {
        return swanctl("--list-sas");
    }

    public String log() {
        try {
            Path p = dir.resolve("charon.log");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: a crash, charon sends no Delete (for Dead Peer Detection tests). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();   // SIGTERM: charon sends its Deletes and exits
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
