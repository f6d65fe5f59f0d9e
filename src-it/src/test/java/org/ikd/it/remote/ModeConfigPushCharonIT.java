package org.ikd.it.remote;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mode-Config push (draft-dukes-ike-mode-cfg-02 §3.2) with ikd as the gateway: the shipped
 * conf/remote-access.toml with {@code mode-config = "push"} on gateway A, charon on B as an XAUTH road
 * warrior with {@code pull = no} (it waits for the gateway's CFG_SET and ACKs it). The lease is read from
 * charon ({@code swanctl --list-sas}) and its log (the CFG_SET it parsed, the ACK it sent, no CFG_REQUEST).
 */
class ModeConfigPushCharonIT {
    private static final String LEASE = "198.18.200.1";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndXauth() {
        assumeTrue(Pings.isRoot() && Pings.available("ping"), "needs root and ping");
        assumeTrue(Charon.installed() && Charon.xauthGeneric(), "needs strongSwan with xauth-generic (libcharon-extauth-plugins)");
    }

    @Test
    void gatewayPushesTheLeaseAfterXauthAndCharonAcknowledgesIt() throws Exception {
        String policy = Files.readString(IkdNode.root().resolve("conf").resolve("remote-access.toml"))
                .replace("xauth-attempts = 3 }", "xauth-attempts = 3, mode-config = \"push\" }");
        String charonConf = RoadWarriorCharonIT.roadWarrior(SiteToSite.GATEWAY_B, true, "alice example password")
                .replace("vips = 0.0.0.0", "vips = 0.0.0.0\n            pull = no");
        try (SiteToSite lab = SiteToSite.create("rw-pu");
             IkdNode gw = gateway(lab, policy);
             Charon rw = Charon.start(lab.gatewayB, dir.resolve("charon"), charonConf, "install_virtual_ip = yes")) {
            gw.awaitReady();
            String out = rw.swanctl("--initiate", "--child", "office", "--timeout", "20");
            assertTrue(out.contains("successfully"), out + "\n" + rw.log() + "\n" + gw.oakleyLog());
            String sas = rw.listSas();
            System.out.println("swanctl --list-sas on the road warrior (charon, pull = no)\n" + sas);
            assertTrue(sas.contains("[" + LEASE + "]") && sas.contains(LEASE + "/32"), sas);
            String log = rw.log();
            System.out.println("charon on Mode-Config\n" + log.lines().filter(l -> l.contains("TRANSACTION") || l.contains("virtual IP"))
                    .reduce("", (a, b) -> a + b + "\n"));
            // charon's payload names: CPS = CFG_SET, CPA = CFG_ACK, CPRQ = CFG_REQUEST
            assertTrue(log.lines().anyMatch(l -> l.contains("parsed TRANSACTION") && l.contains("CPS(ADDR")), log);
            assertTrue(log.lines().anyMatch(l -> l.contains("generating TRANSACTION") && l.contains("CPA(")), log);
            assertFalse(log.lines().anyMatch(l -> l.contains("CPRQ(ADDR")), "charon pulled:\n" + log);
            Pings.Reply r = Pings.ping(lab.gatewayB, 5, "0.2", LEASE, SiteToSite.HOST_A);
            assertTrue(r.all(), r.text() + "\n" + gw.oakleyLog());
            System.out.println("ping " + LEASE + " -> host A\n" + r.text());
            String oakley = gw.oakleyLog();
            assertTrue(oakley.contains("CFG recv CFG_ACK -> user 'alice' took " + LEASE), oakley);
        }
    }

    private IkdNode gateway(SiteToSite lab, String policy) throws Exception {
        Path home = dir.resolve("gw");
        Files.createDirectories(home);
        for (String secret : new String[] {"group.psk", "road-warriors.xauth"}) {
            Path f = Files.copy(IkdNode.root().resolve("conf").resolve(secret), home.resolve(secret), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        return IkdNode.launch(lab.gatewayA, home, policy, IkdNode.Launch.plain());
    }
}
