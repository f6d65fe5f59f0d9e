package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.HubAndSpokes;
import org.ikd.it.lab.HubAndSpokes.Site;
import org.ikd.it.lab.IkdNode;

/**
 * The hub-and-spokes policies of docs/user-guide.md "Hub and spokes", one ikd per gateway of a
 * {@link HubAndSpokes} lab, each spoke with its own pre-shared key (a file, 0600, beside the policy).
 * <ul>
 * <li>the hub: one tunnel rule per spoke, whose filters all end in that spoke's LAN: "hub LAN ->
 *     spoke LAN" (mirrored, as in site-to-site) and, for spoke-to-spoke through the hub, "other
 *     spoke's LAN -> this spoke's LAN" NOT mirrored. Mirrored, "spoke 2 LAN -> spoke 1 LAN" in rule
 *     spoke-1 would also match "spoke 1 LAN -> spoke 2 LAN", rule spoke-2's outbound filter, and the
 *     first match would send spoke 1's packets for spoke 2 back into spoke 1's tunnel (Windows never
 *     mirrors tunnel filters for the same reason). Inbound needs no mirror: what arrives in a tunnel
 *     is checked against its Quick Mode SA's own selectors.
 * <li>spoke i: one tunnel rule to the hub, "my LAN -> hub LAN" and "my LAN -> other spoke's LAN",
 *     mirrored: the hub's LAN and the other spokes' LANs are routed into ikd0 towards the hub.
 * </ul>
 */
final class HubPolicies {
    private static final String COMMON = """
            [main-mode]
            methods = ["aes128-sha256-modp2048"]
            lifetime = "8h"

            [filter-actions.tunnel-esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16", lifetime = "1h" } ]
            """;

    private HubPolicies() {}

    /** Spoke i's key: a different secret per spoke, known to the hub and that spoke only. */
    static String key(int spoke) {
        return "ikb-spoke-" + spoke + "-own-secret-" + (7919 * spoke);
    }

    static IkdNode hub(HubAndSpokes lab, Path dir) throws IOException {
        Site hub = lab.hub();
        StringBuilder toml = new StringBuilder(header("hub", hub)).append(COMMON);
        for (Site spoke : lab.spokes()) {
            List<String> filters = new ArrayList<>(List.of(filter(hub.lan(), spoke.lan(), true)));
            for (Site other : lab.spokes()) if (other != spoke) filters.add(filter(other.lan(), spoke.lan(), false));
            toml.append(filterList("spoke-" + spoke.number(), filters));
        }
        Path home = dir.resolve("hub");
        for (Site spoke : lab.spokes()) {
            toml.append(rule("spoke-" + spoke.number(), "spoke-" + spoke.number() + ".psk", hub, spoke));
            writeKey(home.resolve("spoke-" + spoke.number() + ".psk"), key(spoke.number()));
        }
        return IkdNode.launch(hub.gateway(), home, toml.toString(), slowStart());
    }

    static IkdNode spoke(HubAndSpokes lab, int i, Path dir) throws IOException {
        Site me = lab.spoke(i);
        Site hub = lab.hub();
        List<String> filters = new ArrayList<>(List.of(filter(me.lan(), hub.lan(), true)));
        for (Site other : lab.spokes()) if (other != me) filters.add(filter(me.lan(), other.lan(), true));
        String toml = header("spoke-" + i, me) + COMMON + filterList("hub", filters) + rule("hub", "hub.psk", me, hub);
        Path home = dir.resolve("spoke-" + i);
        writeKey(home.resolve("hub.psk"), key(i));
        return IkdNode.launch(me.gateway(), home, toml, slowStart());
    }

    /** Four JVMs start side by side on two loaded cores: more than the plain 30 s to be ready. */
    private static IkdNode.Launch slowStart() {
        return IkdNode.Launch.plain().withReady(java.time.Duration.ofSeconds(90));
    }

    private static String header(String name, Site site) {
        return "name = \"" + name + "\"\nlocal-addresses = [\"" + site.wan() + "\"]\n\n";
    }

    private static String filter(String source, String destination, boolean mirrored) {
        return "  { source = \"" + source + "\", destination = \"" + destination + "\"" + (mirrored ? "" : ", mirrored = false") + " },\n";
    }

    private static String filterList(String name, List<String> filters) {
        return "\n[filter-lists." + name + "]\nfilters = [\n" + String.join("", filters) + "]\n";
    }

    private static String rule(String name, String pskFile, Site me, Site peer) {
        return "\n[[rules]]\nname = \"" + name + "\"\nfilter-list = \"" + name + "\"\nfilter-action = \"tunnel-esp\"\n"
                + "authentication = [ { psk-file = \"" + pskFile + "\" } ]\n"
                + "tunnel = { remote = \"" + peer.wan() + "\", local = \"" + me.wan() + "\" }\n"
                + "local-id = \"" + me.wan() + "\"\npeer-id = \"" + peer.wan() + "\"\n";
    }

    private static void writeKey(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, secret + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
