package org.ikd.daemon.control;

import java.util.List;
import java.util.Map;

/** Fixed answers for the control socket and ikdctl tests; numbers picked to be easy to align by hand. */
public final class Fixtures {
    private Fixtures() {}

    public static PolicyView policy() {
        return new PolicyView("lab", "/etc/ikd/policy.toml",
                new PolicyView.MainMode(List.of("aes128-sha256-modp2048", "3des-sha1-modp1024"), 28800, false, 0),
                List.of(new RuleView("hosts", false, "lab-hosts", List.of("198.18.0.1 -> 198.18.0.2 (mirrored)"),
                                "negotiate", "require-esp",
                                List.of("esp:aes128-sha1 (3600s, 100000KB)", "esp:3des-sha1 (3600s, 100000KB)"),
                                "modp2048", false, false, List.of("psk from /etc/ikd/lab.psk"), null),
                        new RuleView("web", true, "web", List.of("198.18.0.1 -> 198.18.9.9"), "permit", "pass",
                                List.of(), null, false, false, List.of(), null)),
                true);
    }

    public static FilterTable filters() {
        return new FilterTable(List.of(
                new FilterTable.Entry(1, "hosts", "198.18.0.1", "any", "198.18.0.2", "any", "any", "negotiate", false, false),
                new FilterTable.Entry(2, "hosts", "198.18.0.2", "any", "198.18.0.1", "any", "any", "negotiate", true, false),
                new FilterTable.Entry(3, "web", "198.18.0.1", "any", "198.18.9.9", "80", "tcp", "permit", false, true)));
    }

    public static MainModeSas mainModeSas() {
        return new MainModeSas(List.of(new MainModeSaView(3, "hosts", "198.18.0.1", "198.18.0.2", "198.18.0.2",
                "initiator", "0123456789abcdef", "fedcba9876543210", "psk", "aes128-sha256-modp2048", 28740, 1, false,
                "established")));
    }

    public static QuickModeSas quickModeSas() {
        return new QuickModeSas(List.of(new QuickModeSaView(7, 3, "hosts", "198.18.0.1", "198.18.0.2", "transport", false,
                "esp:aes128-sha1", true, "c1a2b3c4", "d5e6f708", "198.18.0.1 -> 198.18.0.2", 3552L, 97000L, 1234, 5678,
                10, 12)));
    }

    /** IKE counters 1..27 in IKE_STATISTICS order (23 Invalid Packets: 20 + 3 by notify type); IPsec counters 101..111, then bytes 100001..100010. */
    public static Statistics statistics() {
        IkeStatistics ike = new IkeStatistics(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                27, Map.of("PAYLOAD_MALFORMED", 20L, "INVALID_MAJOR_VERSION", 3L));
        IpsecStatistics ipsec = new IpsecStatistics(101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,
                100001, 100002, 100003, 100004, 100005, 100006, 100007, 100008, 100009, 100010);
        return new Statistics(ike, ipsec, Map.of("replay", 4L, "bad-spi", 2L));
    }

    public static DiagReport diag() {
        return new DiagReport(List.of(
                new DiagReport.Check("policy loaded", DiagReport.Status.PASS, "lab: 2 rules (1 dynamic)"),
                new DiagReport.Check("IKE ports", DiagReport.Status.PASS, "UDP 500 and 4500 bound"),
                new DiagReport.Check("TUN device", DiagReport.Status.FAIL, "ikd0 is down; see: ip link show ikd0")),
                List.of(new DiagReport.Failure("2025-01-02T03:04:05", "main", "hosts", "198.18.0.2", "peer",
                        "no proposal chosen")));
    }

    public static KeyTable keys() {
        return new KeyTable(List.of(new KeyTable.IkeKey("0123456789abcdef", "00112233445566778899aabbccddeeff")),
                List.of(new KeyTable.EspKey("IPv4", "198.18.0.1", "198.18.0.2", "0xc1a2b3c4", "AES-CBC [RFC3602]",
                        "000102030405060708090a0b0c0d0e0f", "HMAC-SHA-1-96 [RFC2404]",
                        "101112131415161718191a1b1c1d1e1f20212223")));
    }
}
