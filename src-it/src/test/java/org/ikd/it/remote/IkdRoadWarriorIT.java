package org.ikd.it.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * XAUTH through real daemons, ikd on both sides (charon cannot be the XAUTH client here: no
 * xauth-generic plugin): the shipped conf/remote-access.toml on gateway A; on gateway B an ikd road
 * warrior whose tunnel rule logs in as alice ({@code xauth-login}), pulls its address and claims it
 * (198.18.200.1, the pool's first; ikd puts it on ikd0 once leased, the test also on B's loopback so that
 * its first ping, from the lease, can start the negotiation: {@link IkdClientCharonGatewayIT} starts it without).
 * The right password: ping and TCP to host A. A wrong one: STATUS FAIL, event 547 with the user name
 * on the gateway, the password in no log of either daemon.
 */
class IkdRoadWarriorIT {
    private static final String GROUP_KEY = "example group key, replace me";
    private static final String LEASE = "198.18.200.1";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot() && Pings.available("ping", "iperf3"), "needs root, ping and iperf3");
    }

    @Test
    void logsInPullsItsAddressAndReachesTheOfficeLan() throws Exception {
        try (SiteToSite lab = SiteToSite.create("rw-ik");
             IkdNode gw = gateway(lab);
             IkdNode alice = roadWarrior(lab, "alice example password")) {
            gw.awaitReady();
            alice.awaitReady();
            lab.gatewayB.ip("addr", "add", LEASE + "/32", "dev", "lo");
            double seconds = Pings.firstAnswer(lab.gatewayB, LEASE, SiteToSite.HOST_A, 20);
            assertTrue(seconds >= 0, "no answer within 20 s\n" + gw.oakleyLog() + "\n" + alice.oakleyLog());
            Pings.Reply r = Pings.ping(lab.gatewayB, 5, "0.2", LEASE, SiteToSite.HOST_A);
            assertTrue(r.all(), r.text());
            System.out.println("iperf3 " + LEASE + " -> host A, TCP 2 s: "
                    + Iperf.assertTcp(lab.gatewayB, LEASE, lab.hostA, SiteToSite.HOST_A, dir.resolve("iperf"), 2));
            String leases = gw.ikdctl("show", "leases");
            System.out.println("ikdctl show leases\n" + leases + "\nroad warrior's Oakley log\n" + alice.oakleyLog().lines()
                    .filter(l -> l.contains("XAUTH") || l.contains("CFG")).reduce("", (a, b) -> a + b + "\n"));
            assertTrue(leases.contains("alice") && leases.contains(LEASE), leases);
            assertTrue(alice.oakleyLog().contains("CFG recv CFG_REPLY -> virtual address " + LEASE), alice.oakleyLog());
        }
    }

    @Test
    void aWrongPasswordIsEvent547WithTheUserNameAndNeverThePassword() throws Exception {
        String wrong = "not-alices-password-7f3a";
        try (SiteToSite lab = SiteToSite.create("rw-iw");
             IkdNode gw = gateway(lab);
             IkdNode mallory = roadWarrior(lab, wrong)) {
            gw.awaitReady();
            mallory.awaitReady();
            lab.gatewayB.ip("addr", "add", LEASE + "/32", "dev", "lo");
            assertTrue(Pings.firstAnswer(lab.gatewayB, LEASE, SiteToSite.HOST_A, 8) < 0, "host A answered a wrong password");
            String oakley = gw.oakleyLog();
            assertTrue(oakley.contains("XAUTH failed for user 'alice'") && oakley.contains("attempt 3 of 3"), oakley);
            assertTrue(gw.output().contains("547"), gw.output());
            assertTrue(mallory.oakleyLog().contains("refused XAUTH for user 'alice' (STATUS FAIL)"), mallory.oakleyLog());
            for (String log : new String[] {oakley, gw.output(), mallory.oakleyLog(), mallory.output()})
                assertFalse(log.contains(wrong), "the password reached a log:\n" + log);
            assertFalse(gw.ikdctl("show", "leases").contains(LEASE), gw.ikdctl("show", "leases"));
            System.out.println("gateway's Oakley log, wrong password\n" + oakley.lines().filter(l -> l.contains("XAUTH"))
                    .reduce("", (a, b) -> a + b + "\n"));
        }
    }

    private IkdNode roadWarrior(SiteToSite lab, String password) throws Exception {
        Path home = dir.resolve("rw");
        Files.createDirectories(home);
        Path pass = Files.writeString(home.resolve("alice.pass"), password + "\n");
        Files.setPosixFilePermissions(pass, PosixFilePermissions.fromString("rw-------"));
        String policy = PolicyToml.tunnel("xa-alice", SiteToSite.GATEWAY_B, SiteToSite.GATEWAY_A, LEASE + "/32", SiteToSite.LAN_A,
                "aes128-sha1-modp2048", "aes128-sha1", "xauth-login = { user = \"alice\", password-file = \"alice.pass\" }");
        return IkdNode.launch(lab.gatewayB, home, policy, IkdNode.Launch.plain().withPsk(GROUP_KEY));
    }

    private IkdNode gateway(SiteToSite lab) throws Exception {
        Path home = dir.resolve("gw");
        Files.createDirectories(home);
        for (String secret : new String[] {"group.psk", "road-warriors.xauth"}) {
            Path f = Files.copy(IkdNode.root().resolve("conf").resolve(secret), home.resolve(secret), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        return IkdNode.launch(lab.gatewayA, home, Files.readString(IkdNode.root().resolve("conf").resolve("remote-access.toml")),
                IkdNode.Launch.plain());
    }
}
