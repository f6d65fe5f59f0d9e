package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    /**
     * conf/site-to-site-b.toml with one change for a gateway A behind a NAT: the tunnel's remote end
     * is the NAT's outside address {@code remote} (all that B sees of A); {@code peer-id} stays
     * A's own address, which A sends as its ID (RFC 2407 §4.6.2.2 ID_IPV4_ADDR).
     */
    static IkdNode gatewayBFacing(SiteToSite lab, Path dir, String remote) throws IOException {
        return launchPolicy(lab.gatewayB, dir.resolve("b"), facing(shipped("site-to-site-b.toml"), remote), "gateway-a.psk");
    }

    /** {@code policyB} (gateway B's) with its tunnel's remote end moved from gateway A's address to {@code remote}. */
    static String facing(String policyB, String remote) {
        return changed(policyB, "tunnel = { remote = \"" + SiteToSite.GATEWAY_A + "\"", "tunnel = { remote = \"" + remote + "\"");
    }

    static String shipped(String file) throws IOException {
        return Files.readString(IkdNode.root().resolve("conf").resolve(file));
    }

    /** {@code text} with {@code from} replaced by {@code to}; fails when the shipped text no longer has {@code from}. */
    static String changed(String text, String from, String to) {
        if (!text.contains(from)) throw new IllegalStateException("the shipped policy changed, no '" + from + "' in:\n" + text);
        return text.replace(from, to);
    }

    private static IkdNode launch(Netns ns, Path home, String file, String psk) throws IOException {
        return launch(ns, home, file, List.of(psk), IkdNode.Launch.plain());
    }

    /** conf/{@code file} launched in {@code ns} as {@code launch} says, the shipped {@code psks} copied beside it (0600). */
    static IkdNode launch(Netns ns, Path home, String file, List<String> psks, IkdNode.Launch launch) throws IOException {
        Path conf = IkdNode.root().resolve("conf");
        Files.createDirectories(home);
        for (String psk : psks) copyKey(conf, home, psk);
        return IkdNode.launch(ns, home, Files.readString(conf.resolve(file)), launch);
    }

    /** conf/{@code psk} copied to {@code home}, 0600 (git does not keep the mode). */
    static void copyKey(Path conf, Path home, String psk) throws IOException {
        Files.createDirectories(home);
        Path key = Files.copy(conf.resolve(psk), home.resolve(psk), StandardCopyOption.REPLACE_EXISTING);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    /** {@code policy} (a shipped file, changed or not) with the shipped key file {@code psk} beside it. */
    static IkdNode launchPolicy(Netns ns, Path home, String policy, String psk) throws IOException {
        copyKey(IkdNode.root().resolve("conf"), home, psk);
        return IkdNode.launch(ns, home, policy, IkdNode.Launch.plain());
    }
}
