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
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile road warrior that knows the group key but skips XAUTH (draft-beaulieu-ike-xauth-02 §4: no
 * phase 2 before XAUTH succeeded): ikd on gateway B with a plain tunnel rule to the shipped gateway
 * on A, claiming 198.18.200.1 (the pool's first address) for itself. Main Mode succeeds; it never
 * answers the gateway's XAUTH CFG_REQUEST (ikd without a remote-access rule drops a Transaction) and
 * starts its Quick Mode at once: the gateway refuses it, installs nothing, and host A stays
 * unreachable.
 */
class SkippedXauthIT {
    private static final String GROUP_KEY = "example group key, replace me";
    private static final String CLAIMED = "198.18.200.1";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot() && Pings.available("ping"), "needs root and ping");
    }

    @Test
    void quickModeOfAPeerThatSkipsXauthIsRefused() throws Exception {
        String hostile = PolicyToml.tunnel("xa-hostile", SiteToSite.GATEWAY_B, SiteToSite.GATEWAY_A, CLAIMED + "/32",
                SiteToSite.LAN_A, "aes128-sha1-modp2048", "aes128-sha1");
        try (SiteToSite lab = SiteToSite.create("rw-sk");
             IkdNode gw = gateway(lab);
             IkdNode mallory = IkdNode.launch(lab.gatewayB, dir.resolve("mallory"), hostile, IkdNode.Launch.plain().withPsk(GROUP_KEY))) {
            gw.awaitReady();
            mallory.awaitReady();
            lab.gatewayB.ip("addr", "add", CLAIMED + "/32", "dev", "lo");
            double answered = Pings.firstAnswer(lab.gatewayB, CLAIMED, SiteToSite.HOST_A, 8);
            String oakley = gw.oakleyLog();
            assertTrue(answered < 0, "host A answered a peer that skipped XAUTH\n" + oakley);
            assertTrue(oakley.contains("XAUTH send CFG_REQUEST"), oakley);
            assertTrue(oakley.contains("asked for") && oakley.contains("before XAUTH succeeded"), oakley);
            String qm = gw.ikdctl("show", "qm");
            assertTrue(qm.startsWith("Quick Mode SAs: none"), qm);
            assertFalse(gw.ikdctl("show", "leases").contains(CLAIMED), gw.ikdctl("show", "leases"));
            System.out.println("gateway's Oakley log, the peer that skipped XAUTH\n" + oakley.lines()
                    .filter(l -> l.contains("XAUTH") || l.contains("QM")).reduce("", (a, b) -> a + b + "\n"));
        }
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
