package org.ikd.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.esp.spd.SpdRule;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.Routing;
import org.ikd.tun.TunDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default response in the data plane and on the host: the policy's translation gives it no SPD
 * entry, no route and no drop (it never initiates, it enforces nothing); a pair it answered gets an
 * SPD entry of its own below every rule and a host route to the peer, both gone with the pair.
 */
class DefaultResponseInForceTest {
    @TempDir
    Path dir;

    private static final String DEFAULT_RESPONSE = """
            [default-response]
            enabled = true
            authentication = [ { psk-file = "t.psk" } ]
            """;

    private static final String PERMIT_ICMP = """
            [filter-lists.icmp]
            filters = [ { source = "me", destination = "any", protocol = "icmp" } ]
            [filter-actions.pass]
            action = "permit"
            [[rules]]
            name = "icmp"
            filter-list = "icmp"
            filter-action = "pass"
            """;

    /** Records the routes ikd asks for; the rest of the link is not used here. */
    private static final class RecordingLink implements LinkLayer {
        final List<String> calls = new ArrayList<>();
        InboundEnforcement enforced;

        @Override public void cleanupLeftovers() {}
        @Override public TunDevice openTun() { throw new UnsupportedOperationException(); }
        @Override public void routeIntoTun(IpPrefix destination) { calls.add("route " + destination); }
        @Override public void routeIntoTun(IpPrefix destination, InetAddress src) { calls.add("route " + destination + " src " + src.getHostAddress()); }
        @Override public void unrouteFromTun(IpPrefix destination) { calls.add("unroute " + destination); }
        @Override public RawIpSocket openRawSocket(IpFamily family, int protocol, InetAddress bindTo) { throw new UnsupportedOperationException(); }
        @Override public RawIpSocket openHeaderIncludedSocket(IpFamily family) { throw new UnsupportedOperationException(); }
        @Override public void enforce(InboundEnforcement e) { enforced = e; }
        @Override public int fwmark() { return 0x1d1; }
        @Override public Routing routing() { throw new UnsupportedOperationException(); }
        @Override public void close() {}
    }

    private ParsedPolicy parse(String toml) throws Exception {
        return TestPolicies.parse(dir, TestPolicies.host(toml));
    }

    @Test
    void theTranslationGivesTheDefaultResponseNoSpdEntryRouteOrDrop() throws Exception {
        ParsedPolicy p = parse(DEFAULT_RESPONSE);
        assertTrue(p.policy().hasDefaultResponse());
        PolicyTranslation t = PolicyTranslation.of(p.policy(), p.meAddresses());
        assertEquals(List.of(), t.spdRules());
        assertEquals(Set.of(), t.routes());
        assertEquals(List.of(), t.enforcement().peers());
    }

    @Test
    void anAnsweredPairGetsAnSpdEntryBelowEveryRuleAndARouteUntilItEnds() throws Exception {
        ParsedPolicy p = parse(PERMIT_ICMP + DEFAULT_RESPONSE);
        RecordingLink link = new RecordingLink();
        DataPlane dp = new DataPlane(DataPlaneConfig.defaults(), System::nanoTime);
        PolicyInForce inForce = new PolicyInForce(dp, link);
        inForce.apply(PolicyTranslation.of(p.policy(), p.meAddresses()));
        assertEquals(List.of(), link.calls);
        assertEquals(List.of("icmp"), dp.spd().rules().stream().map(SpdRule::name).toList());

        Selector toA = Selector.between(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.0.3"));
        inForce.answered(7, toA);
        inForce.answered(8, toA);                         // its rekey: the same traffic
        assertEquals(List.of("route 198.18.0.3/32 src 198.18.0.1"), link.calls);
        assertEquals(List.of("icmp", Policy.DEFAULT_RESPONSE), dp.spd().rules().stream().map(SpdRule::name).toList());
        SpdRule answered = dp.spd().rules().get(1);
        assertEquals(SpdRule.Action.NEGOTIATE, answered.action());
        assertEquals(List.of(toA), answered.selectors());
        assertEquals(List.of(), link.enforced.peers(), "the default response drops no cleartext");

        inForce.apply(PolicyTranslation.of(p.policy(), p.meAddresses()));       // a reload keeps it
        assertEquals(2, dp.spd().rules().size());
        inForce.answerEnded(7);
        assertEquals(2, dp.spd().rules().size(), "pair 8 still carries the traffic");
        inForce.answerEnded(8);
        assertEquals(List.of("route 198.18.0.3/32 src 198.18.0.1", "unroute 198.18.0.3/32"), link.calls);
        assertEquals(List.of("icmp"), dp.spd().rules().stream().map(SpdRule::name).toList());
    }
}
