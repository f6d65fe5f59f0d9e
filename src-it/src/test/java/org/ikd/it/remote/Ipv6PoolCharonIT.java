package org.ikd.it.remote;

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
 * An IPv6 pool (INTERNAL_IP6_ADDRESS, draft-dukes-ike-mode-cfg-02 §3.2): the shipped gateway on A with
 * {@code pool6 = "2001:2:0:200::/64"} and a filter from the office's IPv6 LAN to it; charon on B as an
 * XAUTH road warrior with {@code vips = ::} over IPv4 IKE, one child to 2001:2:0:10::/64. The lease is
 * read from charon's {@code swanctl --list-sas}; ping6 from it to host A's IPv6 address.
 */
class Ipv6PoolCharonIT {
    private static final String LEASE6 = "2001:2:0:200::1";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootCharonAndXauth() {
        assumeTrue(Pings.isRoot() && Pings.available("ping"), "needs root and ping");
        assumeTrue(Charon.installed() && Charon.xauthGeneric(), "needs strongSwan with xauth-generic (libcharon-extauth-plugins)");
    }

    @Test
    void charonPullsAnIpv6AddressAndPingsTheOfficeOverIpv6() throws Exception {
        String policy = Files.readString(IkdNode.root().resolve("conf").resolve("remote-access.toml"))
                .replace("filters = [ { source = \"198.18.10.0/24\", destination = \"198.18.200.0/24\" } ]",
                        "filters = [ { source = \"198.18.10.0/24\", destination = \"198.18.200.0/24\" },"
                                + " { source = \"2001:2:0:10::/64\", destination = \"2001:2:0:200::/64\" } ]")
                .replace("xauth-attempts = 3 }", "xauth-attempts = 3, pool6 = \"2001:2:0:200::/64\" }");
        String charonConf = RoadWarriorCharonIT.roadWarrior(SiteToSite.GATEWAY_B, true, "alice example password")
                .replace("vips = 0.0.0.0", "vips = ::").replace("remote_ts = 198.18.10.0/24", "remote_ts = 2001:2:0:10::/64");
        try (SiteToSite lab = SiteToSite.create("rw-v6");
             IkdNode gw = gateway(lab, policy);
             Charon rw = Charon.start(lab.gatewayB, dir.resolve("charon"), charonConf, "install_virtual_ip = yes")) {
            gw.awaitReady();
            String out = rw.swanctl("--initiate", "--child", "office", "--timeout", "20");
            assertTrue(out.contains("successfully"), out + "\n" + rw.log() + "\n" + gw.oakleyLog());
            String sas = rw.listSas();
            System.out.println("swanctl --list-sas on the road warrior (charon, vips = ::)\n" + sas);
            assertTrue(sas.contains("[" + LEASE6 + "]") && sas.contains(LEASE6 + "/128") && sas.contains("2001:2:0:10::/64"), sas);
            Pings.Reply r = Pings.ping(lab.gatewayB, 5, "0.2", LEASE6, SiteToSite.HOST_A6);
            assertTrue(r.all(), r.text() + "\n" + gw.oakleyLog() + "\n" + gw.ikdctl("show", "stats"));
            System.out.println("ping " + LEASE6 + " -> host A " + SiteToSite.HOST_A6 + "\n" + r.text());
            String leases = gw.ikdctl("show", "leases");
            System.out.println("ikdctl show leases\n" + leases);
            assertTrue(leases.contains("alice") && leases.contains(LEASE6), leases);
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
