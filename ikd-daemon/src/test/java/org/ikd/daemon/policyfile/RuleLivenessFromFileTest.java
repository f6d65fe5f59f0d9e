package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.PeerLiveness;
import org.ikd.core.ike.RuleLiveness;
import org.ikd.daemon.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-rule DPD and NAT keepalive settings the engine gets for each peer (docs/nat-and-dpd.md):
 * the file's {@code dpd} and {@code nat-keepalive} as the core rule carries them ({@code Liveness}),
 * read by core's {@link RuleLiveness}.
 */
class RuleLivenessFromFileTest {
    @TempDir
    Path dir;

    private RuleLiveness actions(String rules) throws Exception {
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host(rules));
        return new RuleLiveness(p::policy, IkeConfig.DEFAULT);
    }

    @Test
    void takesDelayTimeoutAndKeepaliveFromTheRuleThatNamesThePeer() throws Exception {
        RuleLiveness a = actions(TestPolicies.NET_TUNNEL + """
            nat-keepalive = "5s"
            dpd = { delay = "10s", timeout = "40s", action = "hold" }
            """);
        assertEquals(new PeerLiveness(Duration.ofSeconds(10), Duration.ofSeconds(40), Duration.ofSeconds(5)),
                a.forPeer(TestPolicies.ip("198.18.0.2")));
    }

    @Test
    void aRuleWithoutDpdTurnsItOffAndKeepsTheDefaultKeepalive() throws Exception {
        PeerLiveness l = actions(TestPolicies.NET_TUNNEL).forPeer(TestPolicies.ip("198.18.0.2"));
        assertEquals(Duration.ZERO, l.dpdDelay());
        assertEquals(Duration.ofSeconds(20), l.natKeepalive(), "RFC 3948 §2.3 suggests 20 s");
    }

    @Test
    void aPeerNoRuleNamesGetsTheEngineDefaults() throws Exception {
        assertNull(actions(TestPolicies.NET_TUNNEL).forPeer(TestPolicies.ip("198.18.0.9")));
    }

    @Test
    void parsesTheHoldAction() throws Exception {
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host(TestPolicies.NET_TUNNEL + """
            dpd = { delay = "5s", timeout = "20s", action = "hold" }
            """));
        assertEquals(new DeadPeerDetection(5, 20, DeadPeerDetection.Action.HOLD), p.options("net").orElseThrow().dpd());
    }

    @Test
    void tellsTheEngineEachRulesActionAndNoneWithoutDpd() throws Exception {
        for (String action : List.of("clear", "hold", "restart")) {
            RuleLiveness a = actions(TestPolicies.NET_TUNNEL + "dpd = { delay = \"5s\", timeout = \"20s\", action = \"%s\" }\n"
                    .formatted(action));
            assertEquals(action.toUpperCase(java.util.Locale.ROOT), a.deadPeerAction("net").name());
        }
        assertNull(actions(TestPolicies.NET_TUNNEL).deadPeerAction("net"));
    }
}
