package org.ikd.daemon.cli.manual;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import org.ikd.daemon.Ikd;
import org.ikd.daemon.cli.Ikdctl;
import org.ikd.daemon.cli.manual.CommandManual.Section;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Run at build time (Maven's prepare-package, see ikd-daemon/pom.xml): writes the manual pages
 * ikd(8), ikdctl(8) and ikd.policy(5), bash completion for both commands, and the Debian changelog,
 * into one directory the .deb takes them from. The pages come from the picocli command trees and
 * from docs/policy-reference.md, so they say what {@code --help} and the reference say.
 *
 * <p>Files are gzipped as Debian policy §12.1 wants ({@code gzip -9n}: Java writes no name and a
 * zero time stamp in the header).
 */
public final class ManualPages {
    private ManualPages() {}

    /** Arguments: output directory, docs directory, Debian changelog source, version, date (YYYY-MM-DD). */
    public static void main(String[] args) throws IOException {
        if (args.length != 5) throw new IllegalArgumentException("usage: ManualPages OUT DOCS CHANGELOG VERSION DATE");
        Path out = Path.of(args[0]);
        Path docs = Path.of(args[1]);
        String version = args[3];
        String date = args[4];
        Files.createDirectories(out.resolve("man"));
        Files.createDirectories(out.resolve("completion"));
        gzip(out.resolve("man/ikd.8.gz"), CommandManual.page(new CommandLine(new Ikd()), date, version, ikdSections()));
        gzip(out.resolve("man/ikdctl.8.gz"), CommandManual.page(Ikdctl.commandLine(), date, version, ikdctlSections()));
        gzip(out.resolve("man/ikd.policy.5.gz"), MarkdownManual.page(Files.readString(docs.resolve("policy-reference.md")),
                "ikd.policy", 5, "the ikd policy file (TOML): rules, filter lists, filter actions, authentication", date, version));
        Files.writeString(out.resolve("completion/ikdctl"), completion("ikdctl", Ikdctl.commandLine()));
        Files.writeString(out.resolve("completion/ikd"), completion("ikd", new CommandLine(new Ikd())));
        String changelog = Files.readString(Path.of(args[2])).replace("[[version]]", debianVersion(version));
        gzip(out.resolve("changelog.Debian.gz"), changelog);
    }

    /** picocli's bash completion script without its #! line: bash-completion sources it, never runs it. */
    static String completion(String name, CommandLine cmd) {
        String script = AutoComplete.bash(name, cmd);
        return script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script;
    }

    /** The package version jdeb writes: Maven's -SNAPSHOT sorts before the release in Debian as ~SNAPSHOT. */
    static String debianVersion(String mavenVersion) {
        return mavenVersion.replace("-SNAPSHOT", "~SNAPSHOT");
    }

    private static List<Section> ikdSections() {
        return List.of(
                new Section("Files", List.of(
                        "/etc/ikd/policy.toml: the policy (see ikd.policy(5)); /etc/ikd/*.psk: pre-shared keys, owned by ikd, mode 0600.",
                        "/etc/ikd/logback.xml: logging. /var/log/ikd/oakley.log: the negotiation log, as Windows' Oakley.log.",
                        "/run/ikd/ikd.sock: the control socket ikdctl(8) talks to. /var/lib/ikd/ikd.jsa: the start-up archive made by ikd train.")),
                new Section("See also", List.of("ikdctl(8), ikd.policy(5), systemctl(1); /usr/share/doc/ikd/user-guide.md and operations.md.")));
    }

    private static List<Section> ikdctlSections() {
        return List.of(
                new Section("Files", List.of("/run/ikd/ikd.sock: the daemon's control socket (root or group ikd).")),
                new Section("See also", List.of("ikd(8), ikd.policy(5); /usr/share/doc/ikd/operations.md.")));
    }

    /**
     * Writes {@code text} as {@code gzip -9n} would (RFC 1952): no name, time 0, and XFL 2 ("maximum
     * compression"), which lintian checks and Java's GZIPOutputStream does not write.
     */
    static void gzip(Path file, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        CRC32 crc = new CRC32();
        crc.update(data);
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});   // ID, CM deflate, FLG, MTIME 0, XFL 2, OS Unix
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
            try (DeflaterOutputStream z = new DeflaterOutputStream(new NonClosing(o), d)) {
                z.write(data);
            } finally {
                d.end();
            }
            ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).putInt(data.length);
            o.write(trailer.array());
        }
    }

    /** Lets the deflater finish without closing the file under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
