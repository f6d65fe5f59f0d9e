package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.SiteToSite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, part 5: a second {@code ikd run} on gateway A, with the same control socket as the
 * running one (as a second start of the service would be), exits at once saying "ikd already runs
 * here (pid N)", and touches nothing: the first keeps ikd0, its routes in table 220, its nftables
 * table (listed by nft, byte for byte), its control socket and its traffic (LAN to LAN pings).
 */
class OneDaemonPerNamespaceIT {
    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() throws Exception {
        assumeTrue(Iperf.isRoot(), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("ping") && Command.available("nft"), "needs ping and nft");
    }

    @Test
    void aSecondIkdInTheSameNamespaceRefusesAndTouchesNothing() throws Exception {
        try (SiteToSite lab = SiteToSite.create("iks-one");
             IkdNode a = ShippedSiteToSite.gatewayA(lab, dir);
             IkdNode b = ShippedSiteToSite.gatewayB(lab, dir)) {
            a.awaitReady();
            b.awaitReady();
            ping(lab.hostA, SiteToSite.HOST_B);
            String routes = lab.gatewayA.ip("route", "show", "table", "220");
            String table = lab.gatewayA.exec(10, "nft", "list", "table", "inet", "ikd").orThrow(List.of("nft list")).stdout();
            assertTrue(routes.contains(SiteToSite.LAN_B + " dev ikd0"), routes);

            Command.Result second = secondIkd(lab.gatewayA, a, dir.resolve("a2"));
            String out = second.stdout() + second.stderr();
            System.out.println("== the second ikd on gateway A\n" + out.strip());
            assertEquals(1, second.exitCode(), out);
            assertTrue(out.contains("ikd already runs here (pid " + a.pid() + ";"), out);

            assertTrue(a.isAlive(), a.output());
            assertTrue(lab.gatewayA.ip("link", "show", "ikd0").contains("ikd0"));
            assertEquals(routes, lab.gatewayA.ip("route", "show", "table", "220"));
            assertEquals(table, lab.gatewayA.exec(10, "nft", "list", "table", "inet", "ikd").orThrow(List.of("nft list")).stdout());
            ping(lab.hostA, SiteToSite.HOST_B);
            String diag = a.ikdctl("diag");
            assertTrue(!diag.contains("FAIL"), diag);
        }
    }

    /** {@code ikd run} in {@code ns} with the same control socket as {@code running}, its own policy copy and logs in {@code home}. */
    private static Command.Result secondIkd(Netns ns, IkdNode running, Path home) throws Exception {
        Files.createDirectories(home);
        for (String f : List.of("policy.toml", "gateway-b.psk"))
            Files.copy(running.dir().resolve(f), home.resolve(f), StandardCopyOption.COPY_ATTRIBUTES);
        List<String> argv = new ArrayList<>(ns.execPrefix());
        argv.addAll(List.of(IkdNode.java(), "@" + IkdNode.root().resolve("conf/jvm.options"),
                "-Dlogback.configurationFile=" + IkdNode.root().resolve("conf/logback.xml"), "-Dikd.log.dir=" + home,
                "-cp", IkdNode.classPath(), "org.ikd.daemon.Ikd", "run", "--config", home.resolve("policy.toml").toString(),
                "--control-socket", running.socket().toString(), "--log-dir", home.toString()));
        return Command.run(argv, 60);
    }

    private static void ping(Netns from, String to) {
        Command.Result r = from.exec(60, "ping", "-c", "3", "-i", "0.3", "-W", "5", to);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains(" 0% packet loss"), r.stdout());
    }
}
