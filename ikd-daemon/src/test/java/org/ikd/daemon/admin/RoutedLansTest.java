package org.ikd.daemon.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.ikd.core.policy.Subnet;
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.admin.RoutedLans.Connected;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.tun.IpPrefix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ikdctl diag}'s "local networks" check on gateway A of the site-to-site test bed (WAN
 * 198.18.0.1/24 on wan0, LAN 198.18.10.1/24 on lan0): the routes are what the kernel would hold
 * in ikd's table, written here by hand, not taken from PolicyTranslation.
 */
class RoutedLansTest {
    @TempDir
    Path dir;

    private static final List<Connected> GATEWAY_A = List.of(
            new Connected("wan0", TestPolicies.ip("198.18.0.1"), 24),
            new Connected("lan0", TestPolicies.ip("198.18.10.1"), 24));

    private List<Subnet> tunnelSides(String source, String destination) throws Exception {
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host("""
            [filter-lists.lans]
            filters = [ { source = "%s", destination = "%s" } ]
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" } ]
            [[rules]]
            name = "lans"
            filter-list = "lans"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            tunnel = { remote = "198.18.1.1" }
            """.formatted(source, destination)));
        return RoutedLans.tunnelSides(p.policy());
    }

    @Test
    void reportsTheGatewaysOwnLanRoutedIntoTheTun() throws Exception {
        // what ikd did before issue 14: both sides of the mirrored filter routed into ikd0
        Set<IpPrefix> routed = Set.of(IpPrefix.parse("198.18.20.0/24"), IpPrefix.parse("198.18.10.0/24"));
        List<String> cut = RoutedLans.find(routed, GATEWAY_A, tunnelSides("198.18.10.0/24", "198.18.20.0/24"));
        assertEquals(1, cut.size(), cut.toString());
        assertTrue(cut.get(0).startsWith("198.18.10.0/24 on lan0 (198.18.10.1/24)") && cut.get(0).endsWith("198.18.10.0/24"), cut.get(0));
    }

    @Test
    void reportsAWiderRouteThatCoversTheLan() throws Exception {
        List<String> cut = RoutedLans.find(Set.of(IpPrefix.parse("198.18.0.0/16")), GATEWAY_A,
                tunnelSides("198.18.10.0/24", "198.18.20.0/24"));
        assertTrue(cut.stream().anyMatch(c -> c.startsWith("198.18.10.0/24 on lan0")), cut.toString());
    }

    @Test
    void passesWhenOnlyTheRemoteLanIsRouted() throws Exception {
        assertEquals(List.of(), RoutedLans.find(Set.of(IpPrefix.parse("198.18.20.0/24")), GATEWAY_A,
                tunnelSides("198.18.10.0/24", "198.18.20.0/24")));
    }

    @Test
    void ignoresATransportPolicyThatProtectsTheWholeLink() throws Exception {
        // server isolation: "me -> 198.18.0.0/24" rightly routes the host's own link into ikd0
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host("""
            [filter-lists.lab]
            filters = [ { source = "me", destination = "198.18.0.0/24" } ]
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" } ]
            [[rules]]
            name = "lab"
            filter-list = "lab"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """));
        assertEquals(List.of(), RoutedLans.find(Set.of(IpPrefix.parse("198.18.0.0/24")), GATEWAY_A, RoutedLans.tunnelSides(p.policy())));
    }
}
