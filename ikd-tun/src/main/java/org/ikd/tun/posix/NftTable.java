package org.ikd.tun.posix;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.InboundEnforcement;

/**
 * The nftables table ikd owns, driven through {@code nft -f -} (the script on stdin). nft runs in
 * the network namespace of the calling thread. Each call waits at most ten seconds.
 */
public final class NftTable {
    private static final long TIMEOUT_SECONDS = 10;
    private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));

    private final Path nft;
    private final String table;
    private final NftRuleset ruleset;

    public NftTable(Path nft, String table, String tunName) {
        this.nft = nft;
        this.table = table;
        this.ruleset = new NftRuleset(table, tunName);
    }

    /** The nft executable from PATH, /usr/sbin or /sbin; fails naming the package to install. */
    public static Path locate() throws IOException {
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) for (String d : path.split(":")) if (!d.isEmpty()) dirs.add(Path.of(d));
        dirs.addAll(SBIN);
        for (Path d : dirs) {
            Path candidate = d.resolve("nft");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) return candidate;
        }
        throw new IOException("nft not found in PATH, /usr/sbin or /sbin: inbound enforcement needs nftables"
                + " (Debian: apt-get install --no-install-recommends nftables)");
    }

    /** Creates the table or replaces its rules, atomically. */
    public void apply(InboundEnforcement enforcement) throws IOException {
        run("create or replace table inet " + table, ruleset.replace(enforcement), "-f", "-");
    }

    /** Deletes the table; nothing happens if there is none. */
    public void delete() throws IOException {
        run("delete table inet " + table, ruleset.delete(), "-f", "-");
    }

    /** {@code nft list table inet NAME}, for diagnostics and tests. */
    public String list() throws IOException {
        return run("list table inet " + table, "", "list", "table", "inet", table);
    }

    public String name() {
        return table;
    }

    private String run(String what, String stdin, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(nft.toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("ikd-nft", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("nft (" + what + ") did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0)
                throw new IOException("nft (" + what + ") exited with " + p.exitValue() + ": " + text.strip());
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while nft (" + what + ") ran", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    @Override
    public String toString() {
        return "nft table inet " + table;
    }
}
