package org.ikd.daemon.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.ParsedRule;
import org.ikd.daemon.policyfile.PolicyFileException;
import org.ikd.daemon.policyfile.PolicyFileParser;

/**
 * {@code ikdctl policy add --persist}: the dynamic rule as a small policy file in
 * {@code policy.d/NAME.toml} beside the policy file (the text {@link RuleSnippet} makes, which
 * {@code ikd check} accepts as it is), read at start: a persisted rule comes back, still ahead of
 * the file's rules, until {@code ikdctl policy delete} removes it and its file. Files hold paths,
 * never keys; they are written 0640 through a temporary name, so a crash leaves the old or the new.
 */
public final class DropIns {
    static final String DIRECTORY = "policy.d";

    private DropIns() {}

    public static Path directory(Path config) {
        Path parent = config.toAbsolutePath().getParent();
        return parent.resolve(DIRECTORY);
    }

    public static void write(Path config, String name, String toml) throws ControlException {
        Path dir = directory(config);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + name, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            Files.writeString(tmp, "# ikdctl policy add --persist: dynamic rule '" + name + "' (ikdctl policy delete "
                    + name + " removes it)\n" + toml);
            Files.move(tmp, dir.resolve(name + ".toml"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.FAILED, "the rule is in force, but could not be kept in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes {@code policy.d/NAME.toml}; true when there was one. */
    public static boolean remove(Path config, String name) throws ControlException {
        Path f = directory(config).resolve(name + ".toml");
        try {
            return Files.deleteIfExists(f);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.FAILED, "the rule is deleted, but " + f + " could not be removed: " + e.getMessage(), e);
        }
    }

    /**
     * Every {@code *.toml} of the directory, in name order, each parsed as a policy file of its own
     * (file:line:col errors as for the policy file); the one rule each holds.
     */
    /** A drop-in's rule and the file's text. */
    public record Loaded(ParsedRule rule, String text) {}

    public static List<Loaded> load(Path config, ParsedPolicy running) throws PolicyFileException, IOException {
        Path dir = directory(config);
        List<Loaded> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".toml") && !f.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
        PolicyFileParser parser = new PolicyFileParser(running.meAddresses());
        for (Path f : files) {
            ParsedPolicy one = parser.parse(f);
            if (one.rules().size() != 1)
                throw new IOException(f + ": a drop-in holds one rule (ikdctl policy add --persist writes them), not " + one.rules().size());
            ParsedRule r = one.rules().get(0);
            if (running.rule(r.name()).isPresent())
                throw new IOException(f + ": rule '" + r.name() + "' is also in " + running.file() + "; rename or delete one");
            out.add(new Loaded(r, one.source()));
        }
        return out;
    }
}
