package org.ikd.core.isakmp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ikd.core.crypto.Bytes;

/**
 * Loads the test vectors: hand-built messages under {@code isakmp/} (annotated hex, one message
 * per file) and the strongSwan captures under {@code vectors/strongswan/}.
 */
public final class TestVectors {
    private TestVectors() {
    }

    /** An annotated hex file: {@code #} starts a comment, whitespace is ignored. */
    public static Bytes hexResource(String name) {
        String text = read(path("isakmp/" + name));
        return hex(text.lines().map(l -> l.replaceAll("#.*", "")).collect(Collectors.joining()));
    }

    public static Bytes hex(String hex) {
        return Bytes.fromHex(hex.replaceAll("[^0-9a-fA-F]", ""));
    }

    public static ByteBuffer buffer(Bytes bytes) {
        return ByteBuffer.wrap(bytes.toArray());
    }

    /** One line of a strongSwan {@code .messages} file, with the comment line that precedes it. */
    public record Captured(String file, String direction, int port, Bytes bytes, String summary) {
        @Override
        public String toString() {
            return file + " " + direction + " " + summary;
        }
    }

    public static List<Path> strongSwanFiles(String suffix) {
        Path dir = path("vectors/strongswan");
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(suffix)).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Captured> captured(Path file) {
        List<Captured> out = new ArrayList<>();
        String summary = "";
        for (String line : read(file).lines().collect(Collectors.toList())) {
            if (line.startsWith("#")) {
                summary = line.substring(1).trim();
            } else if (!line.isBlank()) {
                String[] f = line.trim().split("\\s+");
                out.add(new Captured(file.getFileName().toString(), f[0], Integer.parseInt(f[1]), hex(f[2]), summary));
            }
        }
        return out;
    }

    /** A {@code .vec} file: {@code key = value} lines. */
    public static Map<String, String> vec(Path file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : read(file).lines().collect(Collectors.toList())) {
            if (line.startsWith("#") || !line.contains("=")) continue;
            int eq = line.indexOf('=');
            out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        return out;
    }

    private static Path path(String resource) {
        URL url = TestVectors.class.getClassLoader().getResource(resource);
        if (url == null) throw new IllegalStateException("missing test resource " + resource);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
