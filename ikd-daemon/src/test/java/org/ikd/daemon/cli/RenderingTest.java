package org.ikd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalTime;
import java.util.List;
import org.ikd.daemon.control.DiagReport;
import org.ikd.daemon.control.Fixtures;
import org.ikd.daemon.control.IkeStatistics;
import org.ikd.daemon.control.IpsecStatistics;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.MonitorSnapshot;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.daemon.control.Statistics;
import org.junit.jupiter.api.Test;

/**
 * ikdctl's human output against golden text written from the specification: counter names as
 * Windows' IP Security Monitor shows the IKE_STATISTICS and IPSEC_STATISTICS fields (winipsec.h
 * order), names left-aligned to the longest, numbers right-aligned, columns two spaces apart.
 */
class RenderingTest {
    static final String STATS = """
            IKE Statistics
              Active Acquire                        1
              Active Receive                        2
              Acquire Failures                      3
              Receive Failures                      4
              Send Failures                         5
              Acquire Heap Size                     6
              Receive Heap Size                     7
              Negotiation Failures                  8
              Authentication Failures               9
              Invalid Cookies Received             10
              Total Acquire                        11
              Total Get SPI                        12
              Key Additions                        13
              Key Updates                          14
              Get SPI Failures                     15
              Key Addition Failures                16
              Key Update Failures                  17
              ISADB List Size                      18
              Connection List Size                 19
              IKE Main Mode                        20
              IKE Quick Mode                       21
              Soft Associations                    22
              Invalid Packets Received             23
              Quick Mode Selectors Refused         24
              Unsupported Exchanges                25
              Foreign Deletes Ignored              26
              Internal Errors                      27
            Invalid Packets by Notify Type
              INVALID_MAJOR_VERSION                 3
              PAYLOAD_MALFORMED                    20
            IPsec Statistics
              Active Security Associations        101
              Offloaded Security Associations     102
              Pending Key Operations              103
              Key Additions                       104
              Key Deletions                       105
              Rekeys                              106
              Active Tunnels                      107
              Bad SPI Packets                     108
              Packets Not Decrypted               109
              Packets Not Authenticated           110
              Packets With Replay Detection       111
              Confidential Bytes Sent          100001
              Confidential Bytes Received      100002
              Authenticated Bytes Sent         100003
              Authenticated Bytes Received     100004
              Transport Bytes Sent             100005
              Transport Bytes Received         100006
              Bytes Sent In Tunnels            100007
              Bytes Received In Tunnels        100008
              Offloaded Bytes Sent             100009
              Offloaded Bytes Received         100010
            Dropped Packets
              bad-spi                               2
              replay                                4
            """;

    static final String MAIN_MODE = """
            Main Mode SAs: 1
              ID  Rule   Me          Peer        Auth  Proposal                Initiator cookie  Responder cookie  Life left  QMs  NAT-T  State
               3  hosts  198.18.0.1  198.18.0.2  psk   aes128-sha256-modp2048  0123456789abcdef  fedcba9876543210      7h59m    1  no     established
            """;

    static final String QUICK_MODE = """
            Quick Mode SAs: 1
              ID  MM  Rule   Me          Peer        Mode       Transform        PFS  SPI in    SPI out   Filter                    Time left  KB left  Bytes in  Bytes out
               7   3  hosts  198.18.0.1  198.18.0.2  transport  esp:aes128-sha1  yes  c1a2b3c4  d5e6f708  198.18.0.1 -> 198.18.0.2     59m12s    97000      1234       5678
            """;

    static final String POLICY = """
            Policy lab (/etc/ikd/policy.toml)
              Main Mode methods:  aes128-sha256-modp2048, 3des-sha1-modp1024
              Main Mode lifetime: 480 min, master-key PFS: no, Quick Mode limit: none
              Default response:   yes
            Rules: 2
              Rule   Origin   Filter list  Action                   Security methods                   Options       Authentication             Mode
              hosts  file     lab-hosts    negotiate (require-esp)  esp:aes128-sha1 (3600s, 100000KB)  pfs modp2048  psk from /etc/ikd/lab.psk  transport
                                                                    esp:3des-sha1 (3600s, 100000KB)
              web    dynamic  web          permit (pass)            -                                  -             -                          transport
            """;

    static final String FILTERS = """
            Filters: 3
              #  Rule   Source      Src port  Destination  Dst port  Protocol  Action     Mirror  Origin
              1  hosts  198.18.0.1  any       198.18.0.2   any       any       negotiate  no      file
              2  hosts  198.18.0.2  any       198.18.0.1   any       any       negotiate  yes     file
              3  web    198.18.0.1  any       198.18.9.9   80        tcp       permit     no      dynamic
            """;

    static final String DIAG = """
            ikd diagnostics
              Result  Check          Found
              PASS    policy loaded  lab: 2 rules (1 dynamic)
              PASS    IKE ports      UDP 500 and 4500 bound
              FAIL    TUN device     ikd0 is down; see: ip link show ikd0
            Last negotiation failures: 1
              Time                 Mode  Rule   Peer        Failure point  Reason
              2025-01-02T03:04:05  main  hosts  198.18.0.2  peer           no proposal chosen
            Result: 1 failed, 0 warnings
            """;

    static final String MONITOR = """
            ikd monitor  12:00:00  every 2s  (Ctrl-C to quit)

            Quick Mode SAs: 1
              ID  MM  Rule   Me          Peer        Mode       Transform        PFS  SPI in    SPI out   Filter                    Time left  KB left  Bytes in  Bytes out
               7   3  hosts  198.18.0.1  198.18.0.2  transport  esp:aes128-sha1  yes  c1a2b3c4  d5e6f708  198.18.0.1 -> 198.18.0.2     59m12s    97000      1234       5678

            Main Mode SAs: 1
              ID  Rule   Me          Peer        Auth  Proposal                Initiator cookie  Responder cookie  Life left  QMs  NAT-T  State
               3  hosts  198.18.0.1  198.18.0.2  psk   aes128-sha256-modp2048  0123456789abcdef  fedcba9876543210      7h59m    1  no     established

            IPsec Statistics
              Active Security Associations     101
              Confidential Bytes Sent       100001
              Confidential Bytes Received   100002
              Authenticated Bytes Sent      100003
              Authenticated Bytes Received  100004
              Bad SPI Packets                  108
              Packets Not Decrypted            109
              Packets Not Authenticated        110
              Key Additions                    104
            IKE Statistics
              IKE Main Mode                     20
              IKE Quick Mode                    21
              Soft Associations                 22
              Authentication Failures            9
              Negotiation Failures               8
            """;

    @Test
    void showsStatisticsUnderTheWindowsCounterNames() {
        assertEquals(STATS, StatisticsText.render(Fixtures.statistics()));
    }

    @Test
    void leavesTheDropSectionOutWhenNothingWasDropped() {
        Statistics s = new Statistics(Fixtures.statistics().ike(), Fixtures.statistics().ipsec(), null);
        String text = StatisticsText.render(s);
        assertEquals(STATS.substring(0, STATS.indexOf("Dropped Packets")), text);
    }

    @Test
    void showsMainModeSasAsATable() {
        assertEquals(MAIN_MODE, SaText.mainMode(Fixtures.mainModeSas()));
    }

    @Test
    void showsQuickModeSasAsATable() {
        assertEquals(QUICK_MODE, SaText.quickMode(Fixtures.quickModeSas()));
    }

    @Test
    void saysNoneForEmptySaLists() {
        assertEquals("Main Mode SAs: none\n", SaText.mainMode(new MainModeSas(List.of())));
        assertEquals("Quick Mode SAs: none\n", SaText.quickMode(new QuickModeSas(List.of())));
    }

    @Test
    void marksUnlimitedLifetimesAndUdpEncapsulation() {
        QuickModeSaView sa = new QuickModeSaView(1, 1, "r", "198.18.0.1", "198.18.0.2", "tunnel", true, "esp:aes128gcm16",
                false, "0000abcd", "0000dcba", "198.18.0.0/24 -> 198.18.1.0/24", null, null, 0, 0, 0, 0);
        String row = SaText.quickMode(new QuickModeSas(List.of(sa))).split("\n")[2];
        assertEquals("   1   1  r     198.18.0.1  198.18.0.2  tunnel/udp  esp:aes128gcm16  no   0000abcd  0000dcba"
                + "  198.18.0.0/24 -> 198.18.1.0/24   no limit  no limit         0          0", row);
    }

    @Test
    void writesLifetimesLeftAsHoursMinutesSeconds() {
        assertEquals("8h00m", SaText.duration(28800));
        assertEquals("7h59m", SaText.duration(28740));
        assertEquals("59m12s", SaText.duration(3552));
        assertEquals("1m00s", SaText.duration(60));
        assertEquals("59s", SaText.duration(59));
        assertEquals("0s", SaText.duration(-3));
    }

    @Test
    void showsThePolicyWithOneLinePerSecurityMethod() {
        assertEquals(POLICY, PolicyText.policy(Fixtures.policy()));
    }

    @Test
    void showsTheFiltersWithTheirMirrors() {
        assertEquals(FILTERS, PolicyText.filters(Fixtures.filters()));
    }

    @Test
    void showsDiagnosticsWithTheLastFailuresAndAVerdict() {
        assertEquals(DIAG, DiagText.render(Fixtures.diag()));
    }

    @Test
    void saysAllChecksPassedWhenTheyDid() {
        DiagReport ok = new DiagReport(List.of(new DiagReport.Check("policy loaded", DiagReport.Status.PASS, "lab")), List.of());
        assertEquals("""
                ikd diagnostics
                  Result  Check          Found
                  PASS    policy loaded  lab
                Last negotiation failures: none
                Result: all checks passed
                """, DiagText.render(ok));
    }

    @Test
    void drawsAMonitorFrameLikeIpsecmon() {
        MonitorSnapshot s = new MonitorSnapshot(Fixtures.statistics(), Fixtures.mainModeSas(), Fixtures.quickModeSas());
        assertEquals(MONITOR, MonitorScreen.frame(s, LocalTime.of(12, 0), "2s", false));
        assertEquals("\033[H\033[2J" + MONITOR, MonitorScreen.frame(s, LocalTime.of(12, 0), "2s", true));
    }

    @Test
    void rightAlignsNumbersWiderThanTheirHeader() {
        IkeStatistics ike = new IkeStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, null);
        IpsecStatistics ipsec = new IpsecStatistics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12345678901L);
        String last = StatisticsText.render(new Statistics(ike, ipsec, null)).lines().reduce((a, b) -> b).orElseThrow();
        assertEquals("  Offloaded Bytes Received         12345678901", last);
    }
}
