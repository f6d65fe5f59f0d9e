package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.SiteToSite;

/**
 * conf/site-to-site.toml on gateway A and conf/site-to-site-b.toml on gateway B of a
 * {@link SiteToSite} lab, as shipped, each with its shipped example key file (0600) beside it.
 * Launched side by side; the caller waits with {@link IkdNode#awaitReady()}.
 */
final class ShippedSiteToSite {
    private ShippedSiteToSite() {}

    static IkdNode gatewayA(SiteToSite lab, Path dir) throws IOException {
        return launch(lab.gatewayA, dir.resolve("a"), "site-to-site.toml", "gateway-b.psk");
    }

    static IkdNode gatewayB(SiteToSite lab, Path dir) throws IOException {
        return launch(lab.gatewayB, dir.resolve("b"), "site-to-site-b.toml", "gateway-a.psk");
    }

    private static IkdNode launch(Netns ns, Path home, String file, String psk) throws IOException {
        return launchPolicy(ns, home, Files.readString(IkdNode.root().resolve("conf").resolve(file)), psk);
    }

    /** {@code policy} (a shipped file, changed or not) with the shipped key file {@code psk} beside it. */
    static IkdNode launchPolicy(Netns ns, Path home, String policy, String psk) throws IOException {
        Files.createDirectories(home);
        Path key = Files.copy(IkdNode.root().resolve("conf").resolve(psk), home.resolve(psk), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return IkdNode.launch(ns, home, policy, IkdNode.Launch.plain());
    }
}
