package org.ikd.daemon.sa;

import static org.ikd.daemon.TestPolicies.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.daemon.Packets;
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.packet.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What IKE is asked to negotiate when a packet meets a negotiate rule without an SA. */
class AcquisitionTest {
    @TempDir
    Path dir;

    private static Flow flow(int[] src, int[] dst) {
        Flow f = new Flow();
        byte[] p = Packets.icmpEcho(src, dst);
        f.parse(p, 0, p.length);
        return f;
    }

    @Test
    void transportModeNegotiatesBetweenThePacketsTwoHosts() throws Exception {
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host("""
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" } ]
            [filter-lists.lab]
            filters = [ { source = "me", destination = "198.18.0.0/24" } ]
            [[rules]]
            name = "lab"
            filter-list = "lab"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            """));
        Selector generic = p.policy().rule("lab").orElseThrow().filterList().filters().get(0).selector();
        AcquireRequest r = Acquisition.request(p.policy().rule("lab").orElseThrow(), generic,
                flow(new int[] {198, 18, 0, 1}, new int[] {198, 18, 0, 7}), p.meAddresses());
        assertEquals(ip("198.18.0.7"), r.peer());
        assertEquals(ip("198.18.0.1"), r.local());
        // A transport SA protects one pair of hosts: the /24 of the filter narrows to the packet's peer.
        assertEquals(Selector.between(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.0.7")), r.flow());
    }

    @Test
    void tunnelModeNegotiatesTheFilterWithTheTunnelEndpoint() throws Exception {
        ParsedPolicy p = TestPolicies.parse(dir, TestPolicies.host("""
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "aes128gcm16" } ]
            [filter-lists.net]
            filters = [ { source = "198.19.1.0/24", destination = "198.19.2.0/24" } ]
            [[rules]]
            name = "net"
            filter-list = "net"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            tunnel = "198.18.0.2"
            """));
        Selector generic = p.policy().rule("net").orElseThrow().filterList().filters().get(0).selector();
        AcquireRequest r = Acquisition.request(p.policy().rule("net").orElseThrow(), generic,
                flow(new int[] {198, 19, 1, 1}, new int[] {198, 19, 2, 9}), p.meAddresses());
        assertEquals(ip("198.18.0.2"), r.peer());
        assertEquals(ip("198.18.0.1"), r.local(), "no local tunnel endpoint given: our address of that family");
        assertEquals(generic, r.flow());
    }
}
