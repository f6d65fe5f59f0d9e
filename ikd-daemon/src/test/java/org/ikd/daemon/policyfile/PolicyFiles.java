package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/** Writes policy files and PSK files (mode 0600 unless asked otherwise) into a test's temporary directory. */
final class PolicyFiles {
    static final InetAddress HOST_A = address("198.18.0.1");
    static final InetAddress HOST_B = address("198.18.0.2");

    private final Path dir;

    /**
     * A valid tail: filter list "l" (me to 198.18.0.2), negotiate action "a", and rule "r" joining
     * them with {@code authentication} (a TOML inline table); rule options may follow. Line 10 is
     * the {@code authentication} line when the text starts a file.
     */
    static String negotiateRule(String authentication) {
        return """
                [filter-lists.l]
                filters = [ { source = "me", destination = "198.18.0.2" } ]

                [filter-actions.a]
                action = "negotiate"

                [[rules]]
                name = "r"
                filter-list = "l"
                filter-action = "a"
                authentication = [ %s ]
                """.formatted(authentication);
    }

    PolicyFiles(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path write(String name, String toml) {
        try {
            return Files.writeString(dir.resolve(name), toml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies {@code /policyfile/NAME} from the test class path. */
    Path resource(String name) {
        try (InputStream in = PolicyFiles.class.getResourceAsStream("/policyfile/" + name)) {
            if (in == null) throw new IllegalArgumentException("no test resource /policyfile/" + name);
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path psk(String name, String content) {
        return psk(name, content, "rw-------");
    }

    Path psk(String name, String content, String permissions) {
        return psk(name, content.getBytes(StandardCharsets.UTF_8), permissions);
    }

    Path psk(String name, byte[] content, String permissions) {
        try {
            Path p = dir.resolve(name);
            Files.write(p, content);
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ParsedPolicy parse(Path file) throws PolicyFileException {
        return new PolicyFileParser(List.of(HOST_A)).parse(file);
    }

    ParsedPolicy parse(String toml) throws PolicyFileException {
        return parse(write("policy.toml", toml));
    }

    /** Parses a policy that must fail; returns the exception. */
    PolicyFileException reject(String toml) {
        Path file = write("policy.toml", toml);
        return assertThrows(PolicyFileException.class, () -> parse(file));
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByAddress(org.ikd.core.policy.Subnet.parse(literal).network().getAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
