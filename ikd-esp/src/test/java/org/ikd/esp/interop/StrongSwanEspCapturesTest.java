package org.ikd.esp.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.crypto.VectorFile;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.esp.DropReason;
import org.ikd.esp.Fixtures;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.Verdict;
import org.ikd.esp.packet.NetworkOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ikd opens ESP-in-UDP (RFC 3948) produced by strongSwan 5.9.8's kernel-libipsec: the first packet
 * each way of a ping 198.19.1.1 -> 198.19.2.1 through a UDP-encapsulated tunnel (RFC 3947 mode 3),
 * with the SPIs and KEYMAT charon logged, from {@code ikd-core/src/test/resources/vectors/strongswan}
 * (README.md there: provenance, key names). Three proposals: 3des-sha1, aes128gcm16, aes256-sha256.
 *
 * <p>The receiving side installs the pair it negotiated: inbound = the SA the packet's SPI names
 * ({@code esp_spi_r} carries i->r, {@code esp_spi_i} carries r->i), outbound = the other one.
 * What must come out is checked without ikd's code: an IPv4 ICMP echo request (i->r) or reply
 * (r->i) between the tunnel's subnets with valid checksums, and, when tshark is installed, the
 * very bytes Wireshark's ESP dissector decrypts from the same UDP payload.
 */
class StrongSwanEspCapturesTest {
    private static final String DIR = "vectors/strongswan/";
    private static final String[] FILES = {"mm-3des-sha1-modp1024.vec", "mm-aes128-sha256-modp2048.vec",
            "mm-aes256-sha384-ecp384.vec"};
    private static final String INITIATOR = "198.18.0.1";
    private static final String RESPONDER = "198.18.0.2";
    private static final String NET_I = "198.19.1.0/24";
    private static final String NET_R = "198.19.2.0/24";
    private static final int NAT_T_PORT = 4500;
    /** strongSwan's default replay_window (strongswan.conf charon.replay_window). */
    private static final int REPLAY_WINDOW = 32;
    private static final int ICMP = 1;
    private static final int ECHO_REPLY = 0;
    private static final int ECHO_REQUEST = 8;

    /** Which way a captured packet went; the receiver opens it with its inbound SA. */
    enum Way {
        I_TO_R("i_to_r", "r_to_i", "esp_spi_r", "esp_spi_i", INITIATOR, RESPONDER, NET_I, NET_R, ECHO_REQUEST),
        R_TO_I("r_to_i", "i_to_r", "esp_spi_i", "esp_spi_r", RESPONDER, INITIATOR, NET_R, NET_I, ECHO_REPLY);

        final String keys;
        final String reverseKeys;
        final String inboundSpi;
        final String outboundSpi;
        final String sender;
        final String receiver;
        final String senderNet;
        final String receiverNet;
        final int icmpType;

        Way(String keys, String reverseKeys, String inboundSpi, String outboundSpi, String sender, String receiver,
            String senderNet, String receiverNet, int icmpType) {
            this.keys = keys;
            this.reverseKeys = reverseKeys;
            this.inboundSpi = inboundSpi;
            this.outboundSpi = outboundSpi;
            this.sender = sender;
            this.receiver = receiver;
            this.senderNet = senderNet;
            this.receiverNet = receiverNet;
            this.icmpType = icmpType;
        }
    }

    /** One captured packet with the file it came from. */
    record Capture(String file, Way way, VectorFile.Record vec) {
        byte[] packet() {
            return vec.array("esp_" + way.keys + "_packet");
        }

        @Override
        public String toString() {
            return file.replace(".vec", "") + " " + way.keys;
        }
    }

    static List<Capture> captures() {
        List<Capture> list = new ArrayList<>();
        for (String f : FILES) {
            VectorFile.Record vec = VectorFile.loadOne(DIR + f);
            for (Way w : Way.values()) list.add(new Capture(f, w, vec));
        }
        return list;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void opensStrongSwanEspInUdpAndDeliversThePing(Capture c) {
        Receiver r = new Receiver(c);
        assertEquals(Verdict.DELIVER, r.receive(c.packet()), () -> c + ": " + r.pkt.dropReason());
        assertIsThePing(c, r.delivered());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dropsTheCaptureWithOneIcvBitFlippedAsAuthenticationFailure(Capture c) {
        Receiver r = new Receiver(c);
        byte[] tampered = c.packet();
        tampered[tampered.length - 1] ^= 0x01;                      // last byte of the ICV (RFC 4303 §2.8)
        assertEquals(Verdict.DROP, r.receive(tampered), c.toString());
        assertEquals(DropReason.AUTHENTICATION_FAILED, r.pkt.dropReason(), c.toString());
        // RFC 4303 §3.4.3: the window moves only after the ICV verified, so the genuine packet still opens.
        assertEquals(Verdict.DELIVER, r.receive(c.packet()), () -> c + ": " + r.pkt.dropReason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dropsAReplayOfTheCapture(Capture c) {
        Receiver r = new Receiver(c);
        assertEquals(Verdict.DELIVER, r.receive(c.packet()), () -> c + ": " + r.pkt.dropReason());
        assertEquals(Verdict.DROP, r.receive(c.packet()), c.toString());
        assertEquals(DropReason.REPLAY, r.pkt.dropReason(), c.toString());
    }

    /** Wireshark's ESP dissector decrypts the same UDP payloads to the bytes ikd delivers. */
    @Test
    void tsharkDecryptsTheCapturesToTheInnerPacketsIkdDelivers(@TempDir Path dir) throws Exception {
        assumeTrue(tsharkAvailable(), "tshark is not installed (apt-get install tshark); CI installs it");
        List<Capture> all = captures();
        Pcap pcap = new Pcap();
        List<String> options = new ArrayList<>();
        for (Capture c : all) {
            pcap.add(inUdp(c.way.sender, c.way.receiver, c.packet()));
            options.add(espSa(c));
        }
        Path file = dir.resolve("strongswan-esp.pcap");
        pcap.write(file);
        List<String[]> rows = tshark(file, options);
        assertEquals(all.size(), rows.size());
        for (int i = 0; i < all.size(); i++) {
            Capture c = all.get(i);
            String[] row = rows.get(i);
            String name = c + ": " + String.join("|", row);
            assertEquals("0x" + c.vec.text(c.way.inboundSpi), row[0], name);
            assertEquals("1", row[1], "tshark: ICV not [correct] for " + name);
            assertEquals(4, Integer.decode(row[2]), "tshark: next header is not IPv4 for " + name);
            Receiver r = new Receiver(c);
            assertEquals(Verdict.DELIVER, r.receive(c.packet()), name);
            assertIsThePing(c, r.delivered());
            assertTrue(row[3].startsWith(HexFormat.of().formatHex(r.delivered())),
                    "tshark decrypted something else than ikd delivered: " + name);
        }
    }

    /** The receiving side of one capture: a data plane with the negotiated pair installed. */
    private static final class Receiver {
        final DataPlane dp = new DataPlane(DataPlaneConfig.defaults(), () -> 1_000_000_000L);
        final PacketBuffer pkt = dp.newPacketBuffer();

        Receiver(Capture c) {
            Way w = c.way;
            Selector inbound = Selector.between(Subnet.parse(w.senderNet), Subnet.parse(w.receiverNet));
            dp.install(new IpsecSaPair(1, "strongswan",
                    IpsecSaBundle.of(sa(c.vec, Direction.INBOUND, w.inboundSpi, w.keys, w.sender, w.receiver, inbound)),
                    IpsecSaBundle.of(sa(c.vec, Direction.OUTBOUND, w.outboundSpi, w.reverseKeys, w.receiver, w.sender,
                            inbound.mirror()))));
        }

        /** As the UDP/4500 pump hands it over: the UDP payload at the headroom. */
        Verdict receive(byte[] udpPayload) {
            System.arraycopy(udpPayload, 0, pkt.array(), PacketBuffer.HEADROOM, udpPayload.length);
            pkt.loadUdp(udpPayload.length);
            return dp.inbound(pkt);
        }

        byte[] delivered() {
            return java.util.Arrays.copyOfRange(pkt.array(), pkt.offset(), pkt.offset() + pkt.length());
        }
    }

    /** The SA as Quick Mode negotiated it (RFC 2407 §4.5 attributes in the .vec) with charon's KEYMAT. */
    private static IpsecSaSpec sa(VectorFile.Record v, Direction d, String spiKey, String keys, String from, String to,
                                  Selector selector) {
        assertEquals(3, v.integer("esp_encap_mode"), "RFC 3947 §3: UDP-Encapsulated-Tunnel");
        EspCipher cipher = EspCipher.byId(v.integer("esp_transform_id")).orElseThrow();
        int bits = v.has("esp_key_bits") ? v.integer("esp_key_bits") : cipher.defaultKeyBits();
        IntegrityAlgorithm integrity = v.has("esp_auth_alg")
                ? IntegrityAlgorithm.byId(v.integer("esp_auth_alg")).orElseThrow() : null;
        Secret encryption = v.secret("keymat_" + keys + "_encr");           // GCM: key | 4-byte salt (RFC 4106 §8.1)
        Secret authentication = integrity == null ? null : v.secret("keymat_" + keys + "_integ");
        return new IpsecSaSpec(new Spi(Integer.parseUnsignedInt(v.text(spiKey), 16)), IpsecProtocol.ESP, d, Mode.TUNNEL, cipher, bits,
                integrity, encryption, authentication, Fixtures.ip(from), Fixtures.ip(to), selector,
                SaLifetime.of(v.integer("esp_lifetime_s"), 0, 90), new NatTraversal(NAT_T_PORT, NAT_T_PORT, null, null),
                false, REPLAY_WINDOW);
    }

    /** RFC 791/792, checked by hand: IPv4 ICMP echo between the tunnel's subnets, both checksums valid. */
    private static void assertIsThePing(Capture c, byte[] p) {
        String name = c.toString();
        assertEquals(0x45, p[0] & 0xff, name + ": IPv4 without options");
        assertEquals(p.length, NetworkOrder.u16(p, 2), name + ": total length");
        assertEquals(0xffff, onesComplementSum(p, 0, 20), name + ": IPv4 header checksum");
        assertEquals(ICMP, p[9] & 0xff, name + ": protocol");
        assertTrue(Subnet.parse(c.way.senderNet).contains(Fixtures.ip(address(p, 12))), name + ": source " + address(p, 12));
        assertTrue(Subnet.parse(c.way.receiverNet).contains(Fixtures.ip(address(p, 16))),
                name + ": destination " + address(p, 16));
        assertEquals(c.way.icmpType, p[20] & 0xff, name + ": ICMP type");
        assertEquals(0xffff, onesComplementSum(p, 20, p.length - 20), name + ": ICMP checksum");
    }

    private static String address(byte[] p, int at) {
        return (p[at] & 0xff) + "." + (p[at + 1] & 0xff) + "." + (p[at + 2] & 0xff) + "." + (p[at + 3] & 0xff);
    }

    /** RFC 1071 §4.1, written here rather than taken from ikd's InternetChecksum. */
    private static int onesComplementSum(byte[] p, int from, int length) {
        long sum = 0;
        for (int i = 0; i < length; i += 2)
            sum += ((p[from + i] & 0xff) << 8) | (i + 1 < length ? p[from + i + 1] & 0xff : 0);
        while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) sum;
    }

    /** RFC 3948 §2.1: IPv4 + UDP 4500 -> 4500 (zero checksum) around the captured UDP payload. */
    private static byte[] inUdp(String from, String to, byte[] esp) {
        byte[] p = new byte[28 + esp.length];
        p[0] = 0x45;
        NetworkOrder.put16(p, 2, p.length);
        p[8] = 64;
        p[9] = 17;
        System.arraycopy(Fixtures.ip(from).getAddress(), 0, p, 12, 4);
        System.arraycopy(Fixtures.ip(to).getAddress(), 0, p, 16, 4);
        NetworkOrder.put16(p, 10, 0xffff - onesComplementSum(p, 0, 20));
        NetworkOrder.put16(p, 20, NAT_T_PORT);
        NetworkOrder.put16(p, 22, NAT_T_PORT);
        NetworkOrder.put16(p, 24, 8 + esp.length);
        System.arraycopy(esp, 0, p, 28, esp.length);
        return p;
    }

    /** Wireshark's esp_sa UAT record: protocol, src, dst, SPI, cipher, key, auth, key (STRONGSWAN.md). */
    private static String espSa(Capture c) {
        VectorFile.Record v = c.vec;
        String cipher = switch (EspCipher.byId(v.integer("esp_transform_id")).orElseThrow()) {
            case AES_GCM_16 -> "AES-GCM with 16 octet ICV [RFC4106]";
            case AES_CBC -> "AES-CBC [RFC3602]";
            case TRIPLE_DES_CBC -> "TripleDES-CBC [RFC2451]";
            default -> throw new IllegalArgumentException("no capture uses " + v.text("esp_transform_id"));
        };
        String auth = !v.has("esp_auth_alg") ? "NULL" : switch (v.integer("esp_auth_alg")) {
            case 2 -> "HMAC-SHA-1-96 [RFC2404]";
            case 5 -> "HMAC-SHA-256-128 [RFC4868]";
            default -> throw new IllegalArgumentException("no capture uses auth " + v.text("esp_auth_alg"));
        };
        String integ = v.text("keymat_" + c.way.keys + "_integ");
        return String.format("uat:esp_sa:\"IPv4\",\"%s\",\"%s\",\"0x%s\",\"%s\",\"0x%s\",\"%s\",\"%s\"",
                c.way.sender, c.way.receiver, v.text(c.way.inboundSpi), cipher, v.text("keymat_" + c.way.keys + "_encr"),
                auth, integ.isEmpty() ? "" : "0x" + integ);
    }

    private static final String[] FIELDS = {"esp.spi", "esp.icv_good", "esp.protocol", "esp.decrypted_data"};

    private static List<String[]> tshark(Path file, List<String> saOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(),
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

    private static boolean tsharkAvailable() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
