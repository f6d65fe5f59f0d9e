package org.ikd.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.PolicyFileParser;

/** Policy files written by the tests, parsed as ikd parses them; the PSK is {@code t.psk} (0600) beside. */
public final class TestPolicies {
    private TestPolicies() {}

    /** A tunnel rule "net" (198.19.1.0/24 to 198.19.2.0/24 via 198.18.0.2, ESP aes128gcm16, PSK t.psk); rule options may follow. */
    public static final String NET_TUNNEL = """
        [filter-lists.net]
        filters = [ { source = "198.19.1.0/24", destination = "198.19.2.0/24" } ]
        [filter-actions.esp]
        action = "negotiate"
        methods = [ { esp = "aes128gcm16" } ]
        [[rules]]
        name = "net"
        filter-list = "net"
        filter-action = "esp"
        authentication = [ { psk-file = "t.psk" } ]
        tunnel = { remote = "198.18.0.2" }
        """;

    public static ParsedPolicy parse(Path dir, String toml) throws Exception {
        Path psk = dir.resolve("t.psk");
        if (!Files.exists(psk)) {
            Files.writeString(psk, "test-secret-not-a-real-one\n");
            Files.setPosixFilePermissions(psk, PosixFilePermissions.fromString("rw-------"));
        }
        Path file = Files.createTempFile(dir, "policy", ".toml");
        Files.writeString(file, toml);
        return new PolicyFileParser(List.of()).parse(file);
    }

    /** A policy of host 198.18.0.1 whose rules follow {@code rules} (TOML of filter lists, actions and rules). */
    public static String host(String rules) {
        return """
            name = "t"
            local-addresses = ["198.18.0.1"]
            [main-mode]
            methods = ["aes128-sha256-modp2048"]
            """ + rules;
    }

    public static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
