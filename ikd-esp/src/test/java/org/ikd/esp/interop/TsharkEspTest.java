package org.ikd.esp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.sa.Mode;
import org.ikd.esp.Encapsulation;
import org.ikd.esp.Fixtures;
import org.ikd.esp.Fixtures.Link;
import org.ikd.esp.Fixtures.Suite;
import org.ikd.esp.Packets;
import org.ikd.esp.Verdict;
import org.ikd.esp.packet.InternetChecksum;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wireshark's ESP dissector as an independent decryptor (issue 4): packets sealed by ikd for every
 * transform go into one pcap; their keys go to tshark as {@code uat:esp_sa} entries; tshark must
 * decrypt each back to the original inner packet and report the ICV as good.
 *
 * <p>tshark 4.0 does not verify AH ICVs (the AH dissector only shows the field), so AH packets are
 * checked against an ICV computed here independently of ikd's code: RFC 4302 §3.3.3.1 zeroing by
 * hand and {@code javax.crypto.Mac}. tshark still dissects them and, for AH+ESP, decrypts and
 * authenticates the ESP inside. ESN is not checked here (tshark's esp_sa table has no ESN column);
 * ESN with GCM is covered by the draft-mcgrew-gcm-test-01 vectors.
 */
class TsharkEspTest {
    private static final String TSHARK = "tshark";
    private static boolean available;

    @BeforeAll
    static void findTshark() {
        try {
            Process p = new ProcessBuilder(TSHARK, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            available = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            available = false;
        }
    }

    static List<Suite> suites() {
        List<Suite> s = new ArrayList<>();
        for (Mode m : Mode.values()) {
            s.add(Suite.esp(EspCipher.AES_GCM_16, 128, null, m));
            s.add(Suite.esp(EspCipher.AES_GCM_16, 256, null, m));
            for (int bits : new int[] {128, 192, 256})
                for (IntegrityAlgorithm i : IntegrityAlgorithm.values()) s.add(Suite.esp(EspCipher.AES_CBC, bits, i, m));
            for (IntegrityAlgorithm i : IntegrityAlgorithm.values()) {
                s.add(Suite.esp(EspCipher.TRIPLE_DES_CBC, 192, i, m));
                s.add(Suite.esp(EspCipher.DES_CBC, 64, i, m));
                s.add(Suite.esp(EspCipher.NULL, 0, i, m));
                s.add(Suite.ah(i, m));
                s.add(Suite.esp(EspCipher.AES_CBC, 128, i, m).withAh());
            }
            s.add(Suite.esp(EspCipher.AES_GCM_16, 128, IntegrityAlgorithm.HMAC_SHA2_256_128, m).withAh());
            s.add(Suite.esp(EspCipher.AES_GCM_16, 128, null, m).withUdp());
            s.add(Suite.esp(EspCipher.AES_CBC, 256, IntegrityAlgorithm.HMAC_SHA2_256_128, m).withUdp());
        }
        return s;
    }

    /** One sealed packet and what tshark must find in it. */
    private record Sample(Suite suite, byte[] inner, byte[] wire, int spi, int ahSpi) {}

    @Test
    void tsharkDecryptsAndAuthenticatesEveryTransform(@TempDir Path dir) throws Exception {
        assumeTrue(available, "tshark is not installed (apt-get install tshark); CI installs it");
        Pcap pcap = new Pcap();
        List<Sample> samples = new ArrayList<>();
        List<String> options = new ArrayList<>();
        int base = 0x10000;
        for (Suite s : suites()) {
            Link link = new Link(s, base);
            for (int size : new int[] {0, 33, 1000}) {
                byte[] inner = s.mode() == Mode.TUNNEL ? Packets.udp("198.18.10.5", "198.18.20.9", 60000, 60001, size)
                        : Packets.udp(Fixtures.A, Fixtures.B, 60000, 60001, size);
                assertEquals(Verdict.TRANSMIT, link.send(inner), s.name());
                byte[] wire = link.pa.encapsulation() == Encapsulation.UDP ? inUdp(link.wire()) : link.wire();
                samples.add(new Sample(s, inner, wire, s.cipher() == null ? 0 : base, s.ah() ? base + 0x80 : 0));
                pcap.add(wire);
            }
            if (s.cipher() != null) options.add(espSa(s, base));
            base += 0x1000;
        }
        Path file = dir.resolve("ikd-esp.pcap");
        pcap.write(file);
        List<String[]> rows = tshark(file, options);
        assertEquals(samples.size(), rows.size());
        List<String> verified = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            check(samples.get(i), rows.get(i));
            verified.add(samples.get(i).suite().name());
        }
        Files.writeString(dir.resolve("verified.txt"), String.join("\n", verified));
    }

    /** RFC 3948 §2.1: the ESP bytes behind IPv4 + UDP 4500 -> 4500 with a zero checksum. */
    private static byte[] inUdp(byte[] esp) {
        byte[] p = new byte[28 + esp.length];
        p[0] = 0x45;
        NetworkOrder.put16(p, 2, p.length);
        p[8] = 64;
        p[9] = 17;
        NetworkOrder.put32(p, 12, Packets.v4(Fixtures.A));
        NetworkOrder.put32(p, 16, Packets.v4(Fixtures.B));
        NetworkOrder.put16(p, 10, InternetChecksum.compute(p, 0, 20));
        NetworkOrder.put16(p, 20, 4500);
        NetworkOrder.put16(p, 22, 4500);
        NetworkOrder.put16(p, 24, 8 + esp.length);
        System.arraycopy(esp, 0, p, 28, esp.length);
        return p;
    }

    /** Wireshark's esp_sa UAT record (STRONGSWAN.md): protocol, src, dst, SPI, cipher, key, auth, key. */
    private static String espSa(Suite s, int spi) {
        String cipher = switch (s.cipher()) {
            case AES_GCM_16 -> "AES-GCM with 16 octet ICV [RFC4106]";
            case AES_CBC -> "AES-CBC [RFC3602]";
            case TRIPLE_DES_CBC -> "TripleDES-CBC [RFC2451]";
            case DES_CBC -> "DES-CBC [RFC2405]";
            case NULL -> "NULL";
        };
        String auth = s.cipher().isAead() ? "NULL" : switch (s.integrity()) {
            case HMAC_MD5_96 -> "HMAC-MD5-96 [RFC2403]";
            case HMAC_SHA1_96 -> "HMAC-SHA-1-96 [RFC2404]";
            case HMAC_SHA2_256_128 -> "HMAC-SHA-256-128 [RFC4868]";
            case HMAC_SHA2_384_192 -> "HMAC-SHA-384-192 [RFC4868]";
            case HMAC_SHA2_512_256 -> "HMAC-SHA-512-256 [RFC4868]";
        };
        int ek = Fixtures.encryptionKeyLength(s);
        String ekHex = ek == 0 ? "" : "0x" + HexFormat.of().formatHex(Fixtures.key(ek, spi));
        String akHex = s.cipher().isAead() ? "" : "0x" + HexFormat.of().formatHex(Fixtures.key(s.integrity().keyLength(), spi + 1));
        return String.format("uat:esp_sa:\"IPv4\",\"%s\",\"%s\",\"0x%08x\",\"%s\",\"%s\",\"%s\",\"%s\"",
                Fixtures.A, Fixtures.B, spi, cipher, ekHex, auth, akHex);
    }

    private static final String[] FIELDS = {"frame.number", "esp.spi", "esp.icv_good", "esp.protocol", "esp.pad_len",
            "esp.decrypted_data", "ah.spi", "ah.sequence", "ah.icv", "esp.sequence"};

    private static List<String[]> tshark(Path file, List<String> saOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(TSHARK, "-n", "-r", file.toString(),
                "-o", "esp.enable_encryption_decode:TRUE", "-o", "esp.enable_authentication_check:TRUE",
                "-o", "esp.do_esp_sequence_analysis:FALSE", "-d", "udp.port==4500,udpencap", "-T", "fields", "-E", "separator=|"));
        for (String o : saOptions) cmd.addAll(List.of("-o", o));
        for (String f : FIELDS) cmd.addAll(List.of("-e", f));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark timed out");
        assertEquals(0, p.exitValue(), "tshark failed: " + out);
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) if (!line.isBlank()) rows.add(line.split("\\|", -1));
        return rows;
    }

    private static void check(Sample s, String[] row) throws Exception {
        String name = s.suite().name() + " inner " + s.inner().length + " bytes: " + String.join("|", row);
        if (s.spi() != 0) {
            assertEquals(String.format("0x%08x", s.spi()), row[1], name);
            assertEquals("1", row[2], "tshark: ICV not [correct] for " + name);
            String decrypted = row[5];
            byte[] expected = s.suite().mode() == Mode.TUNNEL ? s.inner()
                    : java.util.Arrays.copyOfRange(s.inner(), 20, s.inner().length);
            assertTrue(decrypted.startsWith(HexFormat.of().formatHex(expected)), "tshark decrypted something else: " + name);
            assertEquals(s.suite().mode() == Mode.TUNNEL ? 4 : 17, Integer.decode(row[3]), name);
        }
        if (s.ahSpi() != 0) {
            assertEquals(String.format("0x%08x", s.ahSpi()), row[6], name);
            assertEquals(row[8], HexFormat.of().formatHex(independentAhIcv(s)), "AH ICV: " + name);
        }
    }

    /** RFC 4302 §3.3.3.1.1.1 + §3.3.3.2 computed without ikd: copy, zero TOS/flags/TTL/checksum/ICV, HMAC, truncate. */
    private static byte[] independentAhIcv(Sample s) throws Exception {
        byte[] p = s.wire().clone();
        IntegrityAlgorithm a = s.suite().integrity();
        int icvLength = a.icvLength();
        p[1] = 0;
        p[6] = 0;
        p[7] = 0;
        p[8] = 0;
        p[10] = 0;
        p[11] = 0;
        java.util.Arrays.fill(p, 20 + 12, 20 + 12 + icvLength, (byte) 0);
        String jca = switch (a) {
            case HMAC_MD5_96 -> "HmacMD5";
            case HMAC_SHA1_96 -> "HmacSHA1";
            case HMAC_SHA2_256_128 -> "HmacSHA256";
            case HMAC_SHA2_384_192 -> "HmacSHA384";
            case HMAC_SHA2_512_256 -> "HmacSHA512";
        };
        Mac mac = Mac.getInstance(jca);
        mac.init(new SecretKeySpec(Fixtures.key(a.keyLength(), s.ahSpi() + 1), jca));
        return java.util.Arrays.copyOf(mac.doFinal(p), icvLength);
    }
}
