package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets of a run (the PSK, every phase-1 and ESP key) appear nowhere but in
 * {@code ikdctl keys --wireshark}, the one place allowed to reveal them. Daemon A runs with
 * {@code --debug-secrets} (which must warn loudly; its Oakley log is not searched), B without.
 * Searched: every other log, stdout and stderr (audit events), every {@code ikdctl show} view as
 * text and JSON, in the forms text, hex (either case; plain, colon or space separated), base64.
 */
class SecretsIT {
    private static final Pattern ESP_LINE = Pattern.compile("\"0x([0-9a-fA-F]+)\",\"[^\"]*\",\"0x([0-9a-fA-F]+)\",\"[^\"]*\",\"0x([0-9a-fA-F]*)\"");
    // "all" is policy, filters, mm, qm and stats in one answer
    private static final String[] VIEWS = {"all", "qm"};

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Pings.available("ping"), "needs ping");
    }

    @Test
    void noLogNorIkdctlOutputRevealsThePskOrAKeyOfTheRun() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-hd-se");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), HostilePolicies.transport(TwoHosts.A, TwoHosts.B, "aes128-sha256"),
                     IkdNode.Launch.plain().withOptions("--debug-secrets"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), HostilePolicies.transport(TwoHosts.B, TwoHosts.A, "aes128-sha256"))) {
            Pings.establish(lab.a, TwoHosts.A, TwoHosts.B);
            Pings.Reply r = Pings.ping(lab.a, 10, "0.1", TwoHosts.A, TwoHosts.B);
            assertTrue(r.all(), r.text());

            String keysOut = b.ikdctl("keys", "--wireshark", dir.resolve("keys").toString());
            assertTrue(keysOut.contains("WARNING: ikdctl keys writes the secret keys"), keysOut);
            Map<String, byte[]> secrets = secretsOfTheRun(dir.resolve("keys"));

            Map<String, String> clean = new LinkedHashMap<>();
            for (IkdNode d : List.of(a, b)) {
                String who = d == a ? "A " : "B ";
                for (String v : VIEWS) {
                    clean.put(who + "ikdctl show " + v, d.ikdctl("show", v));
                    clean.put(who + "ikdctl show " + v + " --json", d.ikdctl("show", v, "--json"));
                }
                clean.put(who + "stdout/stderr (console, audit events)", d.output());
            }
            clean.put("B Oakley log", b.oakleyLog());
            int searched = 0;
            for (var text : clean.entrySet()) {
                assertFalse(text.getValue().isBlank(), text.getKey() + " is empty: the search would prove nothing");
                for (var s : secrets.entrySet()) {
                    String found = firstForm(text.getValue(), s.getValue());
                    assertEquals(null, found, s.getKey() + " found in " + text.getKey() + " as " + found);
                    searched++;
                }
            }
            // --debug-secrets is announced loudly, in the Oakley log and on the console (the journal).
            String debugLog = a.oakleyLog();
            assertTrue(debugLog.contains("WARN") && debugLog.contains("--debug-secrets is on"), debugLog);
            assertTrue(a.output().contains("WARN") && a.output().contains("--debug-secrets is on"), a.output());
            // The search finds what is there: the key tables themselves (written by ikdctl keys) name every key.
            String tables = Files.readString(dir.resolve("keys/esp_sa")) + Files.readString(dir.resolve("keys/ikev1_decryption_table"));
            for (var s : secrets.entrySet())
                if (!s.getKey().equals("PSK")) assertTrue(firstForm(tables, s.getValue()) != null, s.getKey());
            long shown = secrets.entrySet().stream().filter(s -> firstForm(debugLog, s.getValue()) != null).count();
            System.out.printf("secrets: %d secrets x %d texts searched (%d pairs), none found; keys in A's --debug-secrets Oakley log: %d%n",
                    secrets.size(), clean.size(), searched, shown);
        }
    }

    /** The PSK and every key in the two Wireshark tables; asserts they hold at least one IKE and two ESP SAs. */
    static Map<String, byte[]> secretsOfTheRun(Path keys) throws Exception {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("PSK", IkdNode.PSK.getBytes(StandardCharsets.US_ASCII));
        // The phase-1 encryption key of every ISAKMP SA (ikev1_decryption_table), when the daemon lists them.
        for (String l : Files.readAllLines(keys.resolve("ikev1_decryption_table"))) {
            String[] f = l.split(",");
            s.put("IKE key of cookie " + f[0], HexFormat.of().parseHex(f[1]));
        }
        int esp = 0;
        for (String l : Files.readAllLines(keys.resolve("esp_sa"))) {
            Matcher m = ESP_LINE.matcher(l);
            assertTrue(m.find(), l);
            s.put("ESP encryption key of SPI 0x" + m.group(1), HexFormat.of().parseHex(m.group(2)));
            if (!m.group(3).isEmpty()) s.put("ESP integrity key of SPI 0x" + m.group(1), HexFormat.of().parseHex(m.group(3)));
            esp++;
        }
        assertTrue(esp >= 2, "expected 2 ESP SAs in the key table: " + s.keySet());
        for (var e : s.entrySet()) assertTrue(e.getValue().length >= 16, e.getKey() + " is too short to search for");
        return s;
    }

    /** The first form of {@code secret} (text, hex, HEX, base64, unpadded base64, URL base64) found in {@code text}, or null. */
    static String firstForm(String text, byte[] secret) {
        List<String> forms = new ArrayList<>();
        String hex = HexFormat.of().formatHex(secret);
        forms.add(hex);
        forms.add(hex.toUpperCase(Locale.ROOT));
        forms.add(HexFormat.ofDelimiter(":").formatHex(secret));
        forms.add(HexFormat.ofDelimiter(" ").formatHex(secret));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        String ascii = new String(secret, StandardCharsets.ISO_8859_1);
        if (ascii.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) forms.add(ascii);
        String lower = text.toLowerCase(Locale.ROOT);
        for (String f : forms) {
            if (text.contains(f)) return f;
            if (f.equals(hex) && lower.contains(hex)) return f + " (mixed case)";
        }
        return null;
    }
}
