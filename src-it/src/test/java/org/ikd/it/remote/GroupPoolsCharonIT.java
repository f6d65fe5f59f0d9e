package org.ikd.it.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-group pools (issue 18, item 4): the shipped gateway with {@code xauth = false} and a group pool for
 * the road warriors whose Main Mode ID is in 198.18.33.0/24; two charon road warriors behind one NAT
 * (IDs 198.18.32.10 and 198.18.33.10) land in different pools, as charon's {@code swanctl --list-sas}
 * shows, and each reaches host A from its own lease.
 */
class GroupPoolsCharonIT {
    private static final Pattern VIRTUAL = Pattern.compile("\\[(198\\.18\\.20[0-9]\\.\\d+)\\]");

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndCharon() {
        assumeTrue(Pings.isRoot() && Pings.available("ping"), "needs root and ping");
        assumeTrue(Charon.installed(), "strongSwan is not installed");
    }

    @Test
    void twoRoadWarriorsOfDifferentGroupsLandInDifferentPools() throws Exception {
        String policy = Files.readString(IkdNode.root().resolve("conf").resolve("remote-access.toml"))
                .replace("filters = [ { source = \"198.18.10.0/24\", destination = \"198.18.200.0/24\" } ]",
                        "filters = [ { source = \"198.18.10.0/24\", destination = \"198.18.200.0/24\" },"
                                + " { source = \"198.18.10.0/24\", destination = \"198.18.201.0/24\" } ]")
                .replace("xauth-attempts = 3 }", "xauth = false,"
                        + " group-pools = [ { peers = \"198.18.33.0/24\", pool = \"198.18.201.0/24\" } ] }");
        try (SiteToSite lab = SiteToSite.create("rw-gp");
             NattedRoadWarriors nat = NattedRoadWarriors.behind(lab, "rw-gp-", 2);
             IkdNode gw = gateway(lab, policy);
             Charon rw1 = Charon.start(nat.hosts.get(0), dir.resolve("c1"),
                     RoadWarriorCharonIT.roadWarrior(NattedRoadWarriors.address(1), false, "-"), "install_virtual_ip = yes");
             Charon rw2 = Charon.start(nat.hosts.get(1), dir.resolve("c2"),
                     RoadWarriorCharonIT.roadWarrior(NattedRoadWarriors.address(2), false, "-"), "install_virtual_ip = yes")) {
            gw.awaitReady();
            assertEquals("198.18.200.1", connect(rw1, gw), "ID 198.18.32.10: no group, the rule's pool");
            assertEquals("198.18.201.1", connect(rw2, gw), "ID 198.18.33.10: the group's pool");
            for (int i = 0; i < 2; i++) {
                String lease = i == 0 ? "198.18.200.1" : "198.18.201.1";
                Pings.Reply r = Pings.ping(nat.hosts.get(i), 3, "0.2", lease, SiteToSite.HOST_A);
                assertTrue(r.all(), "road warrior " + (i + 1) + ": " + r.text() + "\n" + gw.oakleyLog());
            }
            String leases = gw.ikdctl("show", "leases");
            System.out.println("ikdctl show leases, two groups\n" + leases);
            assertTrue(leases.contains("198.18.200.1") && leases.contains("198.18.201.1"), leases);
        }
    }

    private static String connect(Charon rw, IkdNode gw) {
        String out = rw.swanctl("--initiate", "--child", "office", "--timeout", "20");
        assertTrue(out.contains("successfully"), out + "\n" + rw.log() + "\n" + gw.oakleyLog());
        String sas = rw.listSas();
        System.out.println("swanctl --list-sas on a road warrior\n" + sas);
        Matcher m = VIRTUAL.matcher(sas);
        assertTrue(m.find(), "no virtual address in\n" + sas);
        return m.group(1);
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
