package org.ikd.it.offload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.daemon.LabPolicies;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Iperf;
import org.ikd.it.lab.Netns;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TUN offloads (docs/tun.md) seen from the kernels: a TCP stream from A to B through two ikd daemons
 * (ESP transport, AES-GCM). The TUN counters in sysfs prove superpackets crossed: A's kernel hands
 * ikd0 TSO superpackets (tx bytes per packet far above the MTU) and B's kernel accepts ikd's
 * coalesced writes (rx bytes per packet far above the MTU); the kernels' own TCP checksum error
 * counters stay at zero, so every segmented and every coalesced packet carried a valid checksum.
 * Then the same with {@code IKD_TUN_OFFLOAD=off}: MTU-sized packets only. About 25 s in all.
 */
class TunOffloadIT {

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        assumeTrue("0".equals(Command.check("id", "-u").trim()), "needs root (namespaces, TUN, raw sockets)");
        assumeTrue(Command.available("iperf3") && Command.available("nstat"), "needs iperf3 and nstat");
    }

    @Test
    void tcpCrossesAsSuperpacketsWithValidChecksums() throws Exception {
        try (TwoHosts lab = TwoHosts.create("ikd-of");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"))) {
            assertTrue(a.output().contains("offloads on"), a.output());
            assertEquals(256, queueLength(lab.a), "superpackets: a short transmit queue (docs/tun.md)");
            String rate = tcpTransfer(lab.a, lab.b);
            long aTxPerPacket = perPacket(lab.a, "tx");
            long bRxPerPacket = perPacket(lab.b, "rx");
            System.out.println("ikd <-> ikd with TUN offloads, iperf3 TCP 3 s: " + rate + "; A ikd0 tx " + aTxPerPacket
                    + " B/packet, B ikd0 rx " + bRxPerPacket + " B/packet");
            assertTrue(aTxPerPacket > 3000, "A's kernel sent superpackets into ikd0: " + aTxPerPacket + " bytes/packet");
            assertTrue(bRxPerPacket > 3000, "B's kernel took coalesced superpackets from ikd0: " + bRxPerPacket + " bytes/packet");
            assertEquals(0, checksumErrors(lab.a), "TCP checksum errors on A");
            assertEquals(0, checksumErrors(lab.b), "TCP checksum errors on B");
        }
    }

    @Test
    void offloadsTurnedOffCarryMtuSizedPackets() throws Exception {
        IkdNode.Launch off = IkdNode.Launch.plain().withOuter(List.of("env", "IKD_TUN_OFFLOAD=off"));
        try (TwoHosts lab = TwoHosts.create("ikd-of");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), LabPolicies.transport(TwoHosts.A, TwoHosts.B, "aes128gcm16"), off);
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), LabPolicies.transport(TwoHosts.B, TwoHosts.A, "aes128gcm16"), off)) {
            assertTrue(a.output().contains("offloads off"), a.output());
            assertEquals(5000, queueLength(lab.a), "MTU-sized packets: a long transmit queue (docs/tun.md)");
            String rate = tcpTransfer(lab.a, lab.b);
            System.out.println("ikd <-> ikd without TUN offloads, iperf3 TCP 3 s: " + rate);
            assertTrue(perPacket(lab.a, "tx") <= 1400, "MTU-sized reads");
            assertTrue(perPacket(lab.b, "rx") <= 1400, "MTU-sized writes");
            assertEquals(0, checksumErrors(lab.b), "TCP checksum errors on B");
        }
    }

    /** iperf3 for 3 s from A to B, outer addresses (transport mode); the receiver's rate. */
    private String tcpTransfer(Netns client, Netns server) throws Exception {
        return Iperf.assertTcp(client, TwoHosts.A, server, TwoHosts.B, dir.resolve("iperf"), 3);
    }

    /** Bytes per packet of ikd0's {@code rx} or {@code tx} counters (the kernel's view: tx = into ikd). */
    private static long perPacket(Netns ns, String direction) {
        long bytes = counter(ns, direction + "_bytes");
        long packets = counter(ns, direction + "_packets");
        assertTrue(packets > 0, "no " + direction + " packets on ikd0 in " + ns);
        return bytes / packets;
    }

    /** ikd0's txqueuelen as the kernel reports it. */
    private static long queueLength(Netns ns) {
        Command.Result r = ns.exec(10, "cat", "/sys/class/net/ikd0/tx_queue_len");
        assertEquals(0, r.exitCode(), r.stderr());
        return Long.parseLong(r.stdout().trim());
    }

    private static long counter(Netns ns, String name) {
        Command.Result r = ns.exec(10, "cat", "/sys/class/net/ikd0/statistics/" + name);
        assertEquals(0, r.exitCode(), r.stderr());
        return Long.parseLong(r.stdout().trim());
    }

    /** The kernel's TCP checksum error count (RFC 4022 tcpInErrs' checksum part, /proc/net/snmp InCsumErrors). */
    private static long checksumErrors(Netns ns) {
        Command.Result r = ns.exec(10, "nstat", "-az", "TcpInCsumErrors");
        Matcher m = Pattern.compile("TcpInCsumErrors\\s+(\\d+)").matcher(r.stdout());
        assertTrue(m.find(), r.stdout() + r.stderr());
        return Long.parseLong(m.group(1));
    }
}
