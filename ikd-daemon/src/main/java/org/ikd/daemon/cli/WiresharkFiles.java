package org.ikd.daemon.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.ikd.daemon.control.KeyTable;

/**
 * Wireshark's key tables, in the line formats strongSwan's save-keys plugin writes
 * (libcharon/plugins/save_keys/save_keys_listener.c):
 * <ul>
 * <li>{@code ikev1_decryption_table}: {@code COOKIE_I,KEY} in hex, one ISAKMP SA per line;
 * <li>{@code esp_sa}: {@code "IPv4","SRC","DST","0xSPI","ENC","0xKEY","AUTH","0xKEY"}, one SA per line.
 * </ul>
 * Files are 0600 in a 0700 directory.
 */
final class WiresharkFiles {
    static final String IKEV1 = "ikev1_decryption_table";
    static final String ESP = "esp_sa";

    private WiresharkFiles() {}

    static String ikev1Table(List<KeyTable.IkeKey> keys) {
        StringBuilder b = new StringBuilder();
        for (KeyTable.IkeKey k : keys) b.append(k.initiatorCookie()).append(',').append(k.encryptionKey()).append('\n');
        return b.toString();
    }

    static String espTable(List<KeyTable.EspKey> keys) {
        StringBuilder b = new StringBuilder();
        for (KeyTable.EspKey k : keys)
            b.append(quoted(k.family())).append(',').append(quoted(k.source())).append(',').append(quoted(k.destination()))
                    .append(',').append(quoted(k.spi())).append(',').append(quoted(k.encryption())).append(',')
                    .append(quoted("0x" + k.encryptionKey())).append(',').append(quoted(k.authentication())).append(',')
                    .append(quoted("0x" + k.authenticationKey())).append('\n');
        return b.toString();
    }

    /** Writes both tables into {@code dir} (created 0700 when missing); returns the two paths. */
    static List<Path> write(Path dir, KeyTable keys) throws IOException {
        if (!Files.isDirectory(dir))
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return List.of(writePrivate(dir.resolve(IKEV1), ikev1Table(keys.ike())), writePrivate(dir.resolve(ESP), espTable(keys.esp())));
    }

    private static Path writePrivate(Path file, String text) throws IOException {
        if (!Files.exists(file))
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        return file;
    }

    private static String quoted(String s) {
        return '"' + s + '"';
    }
}
