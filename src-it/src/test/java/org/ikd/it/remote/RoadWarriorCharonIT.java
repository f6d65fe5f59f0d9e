package org.ikd.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped conf/remote-access.toml on gateway A of a {@link SiteToSite} lab (WAN 198.18.0.1, LAN
 * 198.18.10.0/24 with host A), charon on gateway B (198.18.1.1) as an IKEv1 road warrior with
 * {@code vips = 0.0.0.0}: Main Mode with the group key, XAUTH (when charon has its xauth-generic
 * plugin), Mode-Config pull (draft-dukes-ike-mode-cfg-02), then a Quick Mode from the leased address
 * to the office LAN; ping and TCP from the virtual address to host A. charon installs the lease
 * ({@code install_virtual_ip = yes}, which the fixture turns off for its other users).
 */
class RoadWarriorCharonIT {
    private static final String GROUP_KEY = "example group key, replace me";
    /** A road warrior installs its lease (the fixture's default is not to); the later setting wins. */
    private static final String INSTALL_VIP = "install_virtual_ip = yes";
    private static final Pattern VIRTUAL = Pattern.compile("\\[(198\\.18\\.200\\.\\d+)\\]");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndCharon() {
        assumeTrue(Pings.isRoot() && Pings.available("ping", "iperf3"), "needs root, ping and iperf3");
        assumeTrue(Charon.installed(), "strongSwan is not installed");
    }

    /** charon answers XAUTH as a client only with its xauth-generic plugin (Debian: libcharon-extauth-plugins). */
    static boolean charonSpeaksXauth() {
        return Charon.xauthGeneric();
    }

    @Test
    void charonPullsAnAddressWithoutXauthAndReachesTheOfficeLan() throws Exception {
        String policy = shipped().replace("xauth-attempts = 3 }", "xauth = false }");
        try (SiteToSite lab = SiteToSite.create("rw-mc");
             IkdNode gw = gateway(lab, policy);
             Charon rw = Charon.start(lab.gatewayB, dir.resolve("charon"), roadWarrior(SiteToSite.GATEWAY_B, false, "-"), INSTALL_VIP)) {
            gw.awaitReady();
            String lease = connect(rw, gw);
            assertEquals("198.18.200.1", lease, "the first address of the pool");
            trafficFrom(lab, rw, gw, lease);
            String leases = gw.ikdctl("show", "leases");
            System.out.println("ikdctl show leases\n" + leases);
            assertTrue(leases.contains("198.18.200.1") && leases.contains("road-warriors"), leases);
            String oakley = gw.oakleyLog();
            assertTrue(oakley.contains("CFG recv CFG_REQUEST -> leased 198.18.200.1"), oakley);
        }
    }

    /**
     * The gateway cannot start a Main Mode to a road warrior, and charon ignores RESPONDER-LIFETIME: at
     * the soft byte limit of its pair (here 4 MB) the gateway renews it with a Quick Mode of its own on
     * the road warrior's ISAKMP SA, so a TCP transfer of many times the limit goes on.
     */
    @Test
    void gatewayRenewsTheRoadWarriorsPairAtItsByteLimit() throws Exception {
        String policy = shipped().replace("xauth-attempts = 3 }", "xauth = false }")
                .replace("{ esp = \"aes128-sha1\", lifetime = \"1h\" }", "{ esp = \"aes128-sha1\", lifetime = \"1h\", lifetime-kb = 4000 }");
        try (SiteToSite lab = SiteToSite.create("rw-rk");
             IkdNode gw = gateway(lab, policy);
             Charon rw = Charon.start(lab.gatewayB, dir.resolve("charon"), roadWarrior(SiteToSite.GATEWAY_B, false, "-"), INSTALL_VIP)) {
            gw.awaitReady();
            String lease = connect(rw, gw);
            System.out.println("iperf3 " + lease + " -> host A, TCP 2 s at most 40 Mbit/s (10 MB, 4 MB limit): "
                    + Iperf.assertTcp(lab.gatewayB, lease, lab.hostA, SiteToSite.HOST_A, dir.resolve("iperf"), 2, "40M"));
            String oakley = gw.oakleyLog();
            assertTrue(oakley.contains("QM#1 send"), "the gateway renewed nothing:\n" + oakley);
            assertFalse(oakley.contains("the gateway never does"), oakley);
            System.out.println("gateway's renewals\n" + oakley.lines().filter(l -> l.contains("QM#1 send") || l.contains("QM#2 recv"))
                    .reduce("", (a, b) -> a + b + "\n"));
        }
    }

    @Test
    void charonLogsInWithXauthPullsAnAddressAndReachesTheOfficeLan() throws Exception {
        assumeTrue(charonSpeaksXauth(), "charon has no xauth-generic plugin (libcharon-extauth-plugins)");
        try (SiteToSite lab = SiteToSite.create("rw-xa");
             IkdNode gw = gateway(lab, shipped());
             Charon rw = Charon.start(lab.gatewayB, dir.resolve("charon"), roadWarrior(SiteToSite.GATEWAY_B, true, "alice example password"), INSTALL_VIP)) {
            gw.awaitReady();
            String lease = connect(rw, gw);
            trafficFrom(lab, rw, gw, lease);
            String leases = gw.ikdctl("show", "leases");
            System.out.println("ikdctl show leases\n" + leases);
            assertTrue(leases.contains("alice") && leases.contains(lease), leases);
            assertTrue(gw.oakleyLog().contains("user 'alice' authenticated"), gw.oakleyLog());
        }
    }

    @Test
    void wrongPasswordIsRefusedWithTheUserNameAndNeverThePassword() throws Exception {
        assumeTrue(charonSpeaksXauth(), "charon has no xauth-generic plugin (libcharon-extauth-plugins)");
        String wrong = "not-alices-password-7f3a";
        try (SiteToSite lab = SiteToSite.create("rw-wp");
             IkdNode gw = gateway(lab, shipped());
             Charon rw = Charon.start(lab.gatewayB, dir.resolve("charon"), roadWarrior(SiteToSite.GATEWAY_B, true, wrong), INSTALL_VIP)) {
            gw.awaitReady();
            var out = rw.swanctlResult("--initiate", "--child", "office", "--timeout", "20");
            assertFalse(out.stdout().contains("successfully"), out.stdout());
            String oakley = gw.oakleyLog();
            assertTrue(oakley.contains("XAUTH failed for user 'alice'"), oakley);
            assertTrue(gw.output().contains("547"), gw.output());
            assertFalse(oakley.contains(wrong) || gw.output().contains(wrong), "the password reached a log");
            assertFalse(gw.ikdctl("show", "leases").contains("198.18.200."), gw.ikdctl("show", "leases"));
        }
    }

    @Test
    void threeRoadWarriorsBehindOneNatEachGetTheirOwnLease() throws Exception {
        try (SiteToSite lab = SiteToSite.create("rw-n3");
             NattedRoadWarriors nat = NattedRoadWarriors.behind(lab, "rw-n3-", 3);
             IkdNode gw = gateway(lab, shipped(), "carol:carol example password\n");
             Charon rw1 = Charon.start(nat.hosts.get(0), dir.resolve("c1"),
                     roadWarrior(NattedRoadWarriors.address(1), true, "alice", "alice example password"), INSTALL_VIP);
             Charon rw2 = Charon.start(nat.hosts.get(1), dir.resolve("c2"),
                     roadWarrior(NattedRoadWarriors.address(2), true, "bob", "bob example password"), INSTALL_VIP);
             Charon rw3 = Charon.start(nat.hosts.get(2), dir.resolve("c3"),
                     roadWarrior(NattedRoadWarriors.address(3), true, "carol", "carol example password"), INSTALL_VIP)) {
            gw.awaitReady();
            List<Charon> all = List.of(rw1, rw2, rw3);
            java.util.Set<String> leases = new java.util.TreeSet<>();
            for (Charon rw : all) leases.add(connect(rw, gw));
            assertEquals(java.util.Set.of("198.18.200.1", "198.18.200.2", "198.18.200.3"), leases);
            for (int i = 0; i < 3; i++) {
                String lease = virtualAddress(all.get(i));
                Pings.Reply r = Pings.ping(nat.hosts.get(i), 3, "0.2", lease, SiteToSite.HOST_A);
                assertTrue(r.all(), "road warrior " + (i + 1) + ": " + r.text() + "\n" + gw.oakleyLog());
                try {
                    System.out.println("iperf3 " + lease + " -> host A, TCP 2 s: "
                            + Iperf.assertTcp(nat.hosts.get(i), lease, lab.hostA, SiteToSite.HOST_A, dir.resolve("iperf" + i), 2));
                } catch (RuntimeException | AssertionError e) {
                    System.out.println("== road warrior " + (i + 1) + " failed TCP\n== gateway: show qm\n" + gw.ikdctl("show", "qm")
                            + "\n== show stats\n" + gw.ikdctl("show", "stats") + "\n== Oakley log\n" + gw.oakleyLog()
                            + "\n== charon\n" + all.get(i).listSas() + "\n" + all.get(i).log());
                    throw e;
                }
            }
            String shown = gw.ikdctl("show", "leases");
            System.out.println("ikdctl show leases, three road warriors behind one NAT\n" + shown);
            assertTrue(shown.startsWith("Leases: 3"), shown);
            for (String l : leases) assertTrue(shown.contains(l), shown);
            for (String user : List.of("alice", "bob", "carol")) assertTrue(shown.contains(user), "a lease for " + user + ":\n" + shown);
            assertEquals(3, shown.split(SiteRouterNat.OUTSIDE, -1).length - 1, "all three from the NAT's address:\n" + shown);
        }
    }

    /** What the gateway sees of a road warrior behind gateway B's NAT: B's WAN address. */
    private static final class SiteRouterNat {
        static final String OUTSIDE = SiteToSite.GATEWAY_B;
    }

    private IkdNode gateway(SiteToSite lab, String policy) throws IOException {
        return gateway(lab, policy, "");
    }

    /** The gateway with the shipped secrets files, {@code moreUsers} ("name:password" lines) added to the XAUTH users. */
    private IkdNode gateway(SiteToSite lab, String policy, String moreUsers) throws IOException {
        Path home = dir.resolve("gw");
        Files.createDirectories(home);
        for (String secret : new String[] {"group.psk", "road-warriors.xauth"}) {
            Path f = Files.copy(IkdNode.root().resolve("conf").resolve(secret), home.resolve(secret), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(home.resolve("road-warriors.xauth"), moreUsers, java.nio.file.StandardOpenOption.APPEND);
        return IkdNode.launch(lab.gatewayA, home, policy, IkdNode.Launch.plain());
    }

    private static String shipped() throws IOException {
        return Files.readString(IkdNode.root().resolve("conf").resolve("remote-access.toml"));
    }

    /** Initiates and returns the virtual address charon was given. */
    private static String connect(Charon rw, IkdNode gw) {
        String out = rw.swanctl("--initiate", "--child", "office", "--timeout", "20");
        assertTrue(out.contains("successfully"), out + "\n" + rw.log() + "\n" + gw.oakleyLog());
        System.out.println("swanctl --list-sas on the road warrior\n" + rw.listSas());
        return virtualAddress(rw);
    }

    /** swanctl --list-sas shows the virtual address in brackets after the local endpoint. */
    private static String virtualAddress(Charon rw) {
        String sas = rw.listSas();
        Matcher m = VIRTUAL.matcher(sas);
        assertTrue(m.find(), "no virtual address in\n" + sas);
        return m.group(1);
    }

    private void trafficFrom(SiteToSite lab, Charon rw, IkdNode gw, String lease) throws Exception {
        Pings.Reply r = Pings.ping(lab.gatewayB, 5, "0.2", lease, SiteToSite.HOST_A);
        assertTrue(r.all(), r.text() + "\n" + rw.log() + "\n" + gw.oakleyLog());
        System.out.println("ping " + lease + " -> " + SiteToSite.HOST_A + "\n" + r.text());
        System.out.println("iperf3 " + lease + " -> host A, TCP 2 s: "
                + Iperf.assertTcp(lab.gatewayB, lease, lab.hostA, SiteToSite.HOST_A, dir.resolve("iperf"), 2));
        String qm = gw.ikdctl("show", "qm");
        System.out.println("ikdctl show qm\n" + qm);
        assertTrue(qm.contains(lease), qm);
    }

    /**
     * charon as an IKEv1 road warrior: Main Mode with the group key (IDs: the WAN addresses), then with
     * {@code xauth} a second round {@code auth = xauth}, {@code xauth_id = alice}; {@code vips = 0.0.0.0}
     * pulls an address; one child to the office LAN.
     */
    static String roadWarrior(String self, boolean xauth, String password) {
        return roadWarrior(self, xauth, "alice", password);
    }

    /** charon as a road warrior with address {@code self}; with {@code xauth}, logging in as {@code user}. */
    static String roadWarrior(String self, boolean xauth, String user, String password) {
        String rounds = xauth ? """
                    local-1 {
                        auth = psk
                        id = %1$s
                    }
                    local-2 {
                        auth = xauth
                        xauth_id = %2$s
                    }
            """.formatted(self, user) : """
                    local {
                        auth = psk
                        id = %1$s
                    }
            """.formatted(self);
        return """
            connections {
                rw {
                    version = 1
                    aggressive = no
                    encap = yes
                    mobike = no
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    proposals = aes128-sha1-modp2048
                    vips = 0.0.0.0
                    reauth_time = 0
                    rand_time = 0
            %3$s        remote {
                        auth = psk
                        id = %2$s
                    }
                    children {
                        office {
                            remote_ts = 198.18.10.0/24
                            mode = tunnel
                            esp_proposals = aes128-sha1
                            rand_time = 0
                            start_action = none
                        }
                    }
                }
            }
            secrets {
                ike-group {
                    id-a = %1$s
                    id-b = %2$s
                    secret = "%4$s"
                }
                xauth-user {
                    id = %6$s
                    secret = "%5$s"
                }
            }
            """.formatted(self, SiteToSite.GATEWAY_A, rounds, GROUP_KEY, password, user);
    }
}
