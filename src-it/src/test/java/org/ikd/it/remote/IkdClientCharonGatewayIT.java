package org.ikd.it.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ikd as the road warrior, strongSwan's charon as the gateway (issue 18, item 5, second bullet): charon
 * on gateway A of a {@link SiteToSite} lab (WAN 198.18.0.1, LAN 198.18.10.0/24 with host A) with a
 * group PSK, an XAUTH round ({@code xauth-generic}, user alice) and a pool 198.18.200.0/24 that names
 * the office LAN as its split network; ikd on gateway B whose rule says only "the office, through
 * 198.18.0.1, logging in as alice" (its own side 0.0.0.0/0). ikd must put the lease on ikd0, route the
 * office into the tunnel with it as source, hold its first Quick Mode until Mode-Config is done and
 * narrow it to the lease; ping and TCP from B to host A then cross. The lease is read from charon
 * ({@code swanctl --list-sas}) and from {@code ip} on B, never from ikd's own output alone.
 */
class IkdClientCharonGatewayIT {
    private static final String GROUP_KEY = "example group key, replace me";
    private static final String PASSWORD = "alice example password";
    private static final String LEASE = "198.18.200.1";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndXauth() {
        assumeTrue(Pings.isRoot() && Pings.available("ping", "iperf3"), "needs root, ping and iperf3");
        assumeTrue(Charon.installed() && Charon.xauthGeneric(), "needs strongSwan with xauth-generic (libcharon-extauth-plugins)");
    }

    @Test
    void installsItsLeaseRoutesTheOfficeAndReachesHostA() throws Exception {
        try (SiteToSite lab = SiteToSite.create("rw-cg");
             Charon gw = Charon.start(lab.gatewayA, dir.resolve("charon"), gateway("subnet = " + SiteToSite.LAN_A, ""));
             IkdNode alice = roadWarrior(lab, "")) {
            alice.awaitReady();
            // the first packets (from B's WAN address: no lease yet) start Main Mode, XAUTH and Mode-Config
            assertTrue(answeredOnceLeased(lab), "no answer within 20 s\n" + alice.oakleyLog() + "\n" + gw.log());
            String sas = gw.listSas();
            System.out.println("swanctl --list-sas on the gateway (charon)\n" + sas);
            assertTrue(sas.contains(LEASE + "/32") && sas.contains(SiteToSite.LAN_A), "charon's child is not lease <-> office:\n" + sas);
            String addr = lab.gatewayB.ip("-4", "addr", "show", "dev", "ikd0");
            assertTrue(addr.contains("inet " + LEASE + "/32"), addr);
            Pings.Reply r = Pings.ping(lab.gatewayB, 5, "0.2", LEASE, SiteToSite.HOST_A);
            assertTrue(r.all(), r.text());
            System.out.println("ping " + LEASE + " -> host A\n" + r.text());
            System.out.println("iperf3 " + LEASE + " -> host A, TCP 2 s: "
                    + Iperf.assertTcp(lab.gatewayB, LEASE, lab.hostA, SiteToSite.HOST_A, dir.resolve("iperf"), 2));
            String oakley = alice.oakleyLog();
            int leased = oakley.indexOf("CFG recv CFG_REPLY -> virtual address " + LEASE);
            int firstQuickMode = oakley.indexOf("QM#1 send");
            assertTrue(leased >= 0 && firstQuickMode > leased, "the first Quick Mode did not wait for the lease:\n" + oakley);
            assertTrue(oakley.substring(firstQuickMode).lines().findFirst().orElse("").contains(LEASE + " -> " + SiteToSite.LAN_A),
                    "the first Quick Mode is not narrowed to the lease:\n" + oakley);
            assertFalse(oakley.contains(PASSWORD) || alice.output().contains(PASSWORD), "the password reached a log");
            System.out.println("road warrior's Oakley log\n" + oakley.lines().filter(l -> l.contains("XAUTH") || l.contains("CFG")
                    || l.contains("QM#")).reduce("", (a, b) -> a + b + "\n"));

            gw.swanctl("--terminate", "--ike", "rw", "--timeout", "10");
            assertTrue(await(() -> !lab.gatewayB.ip("-4", "addr", "show", "dev", "ikd0").contains(LEASE), 15),
                    "the lease stayed on ikd0 after the ISAKMP SA went:\n" + lab.gatewayB.ip("-4", "addr", "show", "dev", "ikd0"));
        }
    }

    @Test
    void withoutSplitNetworksRoutesEverythingButTheGatewayIntoTheTunnel() throws Exception {
        try (SiteToSite lab = SiteToSite.create("rw-ca");
             Charon gw = Charon.start(lab.gatewayA, dir.resolve("charon"), gateway("", ""));
             IkdNode alice = roadWarrior(lab, "")) {
            alice.awaitReady();
            assertTrue(answeredOnceLeased(lab), "no answer within 20 s\n" + alice.oakleyLog() + "\n" + gw.log());
            String toGateway = lab.gatewayB.ip("route", "get", SiteToSite.GATEWAY_A);
            String toElsewhere = lab.gatewayB.ip("route", "get", "198.18.99.1");
            System.out.println("ip route get " + SiteToSite.GATEWAY_A + ": " + toGateway + "ip route get 198.18.99.1: " + toElsewhere);
            assertFalse(toGateway.contains("ikd0"), "the gateway's own address is routed into the tunnel: " + toGateway);
            assertTrue(toElsewhere.contains("ikd0") && toElsewhere.contains("src " + LEASE), toElsewhere);
            Pings.Reply r = Pings.ping(lab.gatewayB, 3, "0.2", LEASE, SiteToSite.HOST_A);
            assertTrue(r.all(), r.text());
        }
    }

    /**
     * draft-dukes-ike-mode-cfg-02 §3.2 push: charon with {@code pull = no} sends CFG_SET after XAUTH; ikd
     * ({@code mode-config = "push"}) ACKs it and pulls nothing. charon's log shows the SET and the ACK.
     */
    @Test
    void takesAPushedLeaseAndAcknowledgesIt() throws Exception {
        try (SiteToSite lab = SiteToSite.create("rw-cp");
             Charon gw = Charon.start(lab.gatewayA, dir.resolve("charon"), gateway("subnet = " + SiteToSite.LAN_A, "pull = no"));
             IkdNode alice = roadWarrior(lab, ", mode-config = \"push\"")) {
            alice.awaitReady();
            assertTrue(answeredOnceLeased(lab), "no answer within 20 s\n" + alice.oakleyLog() + "\n" + gw.log());
            String sas = gw.listSas();
            assertTrue(sas.contains(LEASE + "/32"), sas);
            String log = gw.log();
            System.out.println("charon, the gateway, on Mode-Config\n" + log.lines().filter(l -> l.contains("TRANSACTION")
                    || l.contains("virtual IP")).reduce("", (a, b) -> a + b + "\n"));
            // charon's payload names: CPS = CFG_SET, CPA = CFG_ACK, CPRQ = CFG_REQUEST
            assertTrue(log.lines().anyMatch(l -> l.contains("generating TRANSACTION") && l.contains("CPS(ADDR")), log);
            assertTrue(log.lines().anyMatch(l -> l.contains("parsed TRANSACTION") && l.contains("CPA(")), log);
            assertFalse(log.lines().anyMatch(l -> l.contains("parsed TRANSACTION") && l.contains("CPRQ(ADDR")), "ikd pulled:\n" + log);
            assertTrue(alice.oakleyLog().contains("CFG recv CFG_SET -> virtual address " + LEASE), alice.oakleyLog());
            assertFalse(alice.oakleyLog().contains("CFG send CFG_REQUEST"), "pulled as well:\n" + alice.oakleyLog());
            Pings.Reply r = Pings.ping(lab.gatewayB, 3, "0.2", LEASE, SiteToSite.HOST_A);
            assertTrue(r.all(), r.text());
        }
    }

    /**
     * The rule names no password file: the admin types alice's password with {@code ikdctl xauth-login
     * net} (the rule's name here; one line on its stdin, as without a terminal); then the same login, lease and traffic.
     */
    @Test
    void logsInWithAPasswordTypedThroughIkdctl() throws Exception {
        try (SiteToSite lab = SiteToSite.create("rw-ct");
             Charon gw = Charon.start(lab.gatewayA, dir.resolve("charon"), gateway("subnet = " + SiteToSite.LAN_A, ""));
             IkdNode alice = roadWarriorWith(lab, "xauth-login = { user = \"alice\" }")) {
            alice.awaitReady();
            var typed = alice.ikdctlAs(List.of("sh", "-c", "printf '%s\\n' '" + PASSWORD + "' | \"$@\"", "sh"), "xauth-login", "net");
            System.out.println("ikdctl xauth-login net\n" + typed.stdout() + typed.stderr());
            assertTrue(typed.exitCode() == 0 && typed.stdout().contains("kept in memory"), typed.stdout() + typed.stderr());
            assertTrue(answeredOnceLeased(lab), "no answer within 20 s\n" + alice.oakleyLog() + "\n" + gw.log());
            assertTrue(gw.listSas().contains("XAuth: 'alice'") && gw.listSas().contains(LEASE + "/32"), gw.listSas());
            assertFalse(alice.oakleyLog().contains(PASSWORD) || alice.output().contains(PASSWORD) || typed.stdout().contains(PASSWORD),
                    "the password reached a log");
        }
    }

    /**
     * Pings host A once a second with no source given, for 20 s at most, until one is answered: the first
     * ones start the negotiation; once the lease is on ikd0 the kernel takes it as the source.
     */
    private static boolean answeredOnceLeased(SiteToSite lab) {
        for (int i = 0; i < 20; i++)
            if (lab.gatewayB.exec(10, "ping", "-c", "1", "-W", "1", SiteToSite.HOST_A).exitCode() == 0) return true;
        return false;
    }

    private static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(200);
        }
        return condition.getAsBoolean();
    }

    /** ikd on B logging in as alice; {@code loginMore} goes into the xauth-login table (e.g. {@code , mode-config = "push"}). */
    private IkdNode roadWarrior(SiteToSite lab, String loginMore) throws Exception {
        return roadWarriorWith(lab, "xauth-login = { user = \"alice\", password-file = \"alice.pass\"" + loginMore + " }");
    }

    /** ikd on B with {@code loginLine} as its rule's xauth-login. */
    private IkdNode roadWarriorWith(SiteToSite lab, String loginLine) throws Exception {
        Path home = dir.resolve("rw");
        Files.createDirectories(home);
        Path pass = Files.writeString(home.resolve("alice.pass"), PASSWORD + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        String policy = PolicyToml.tunnel("office", SiteToSite.GATEWAY_B, SiteToSite.GATEWAY_A, "0.0.0.0/0", SiteToSite.LAN_A,
                "aes128-sha1-modp2048", "aes128-sha1", loginLine);
        return IkdNode.launch(lab.gatewayB, home, policy, IkdNode.Launch.plain().withPsk(GROUP_KEY));
    }

    /**
     * charon as an IKEv1 remote-access gateway: Main Mode with the group key, then XAUTH ({@code remote-2
     * auth = xauth}, generic backend, alice's secret), a pool answered to Mode-Config pull with
     * {@code poolAttributes} (e.g. {@code subnet = 198.18.10.0/24}: INTERNAL_IP4_SUBNET), one child to the LAN;
     * {@code connMore} goes into the connection ({@code pull = no}: charon pushes).
     */
    static String gateway(String poolAttributes, String connMore) {
        return """
            connections {
                rw {
                    version = 1
                    aggressive = no
                    encap = yes
                    mobike = no
                    local_addrs = %1$s
                    pools = rw
                    %6$s
                    proposals = aes128-sha1-modp2048
                    reauth_time = 0
                    rand_time = 0
                    local {
                        auth = psk
                        id = %1$s
                    }
                    remote-1 {
                        auth = psk
                    }
                    remote-2 {
                        auth = xauth
                    }
                    children {
                        office {
                            local_ts = %2$s
                            mode = tunnel
                            esp_proposals = aes128-sha1
                            rand_time = 0
                        }
                    }
                }
            }
            pools {
                rw {
                    addrs = 198.18.200.0/24
                    %3$s
                }
            }
            secrets {
                ike-group {
                    secret = "%4$s"
                }
                xauth-alice {
                    id = alice
                    secret = "%5$s"
                }
            }
            """.formatted(SiteToSite.GATEWAY_A, SiteToSite.LAN_A, poolAttributes, GROUP_KEY, PASSWORD, connMore);
    }
}
