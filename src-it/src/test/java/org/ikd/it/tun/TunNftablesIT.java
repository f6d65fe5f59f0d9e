package org.ikd.it.tun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ikd.tun.InboundEnforcement;
import org.ikd.tun.IpFamily;
import org.ikd.tun.IpPrefix;
import org.ikd.tun.ProtectedPeer;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.posix.NftTable;
import org.ikd.tun.posix.PosixRawIpSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ikd's nftables table inside a namespace: lifecycle, and that it drops cleartext but passes ESP. */
class TunNftablesIT {
    private TestNamespace a;
    private TestNamespace b;
    private final String table = "ikdit" + HexFormat.of().formatHex(SecureRandom.getSeed(3));
    private final ExecutorService receivers = Executors.newCachedThreadPool();

    @BeforeEach
    void namespaces() throws Exception {
        assumeTrue(TestNamespace.isRoot(), "needs root: network namespaces and nftables");
        a = TestNamespace.create();
        b = TestNamespace.create();
        a.ip("link", "add", "ikdvetha", "type", "veth", "peer", "name", "ikdvethb", "netns", b.name);
        a.ip("addr", "add", "198.18.1.1/24", "dev", "ikdvetha");
        b.ip("addr", "add", "198.18.1.2/24", "dev", "ikdvethb");
        a.ip("link", "set", "ikdvetha", "up");
        b.ip("link", "set", "ikdvethb", "up");
    }

    @AfterEach
    void cleanup() throws Exception {
        receivers.shutdownNow();
        if (a != null) a.close();
        if (b != null) b.close();
    }

    private void apply(NftTable nft, InboundEnforcement e) throws Exception {
        b.call(() -> {
            nft.apply(e);
            return null;
        });
    }

    private String listed() throws Exception {
        return b.exec("nft", "list", "table", "inet", table).output();
    }

    @Test
    void createsReplacesAndDeletesItsTableInsideTheNamespaceOnly() throws Exception {
        NftTable nft = new NftTable(NftTable.locate(), table, "ikdtun0");
        apply(nft, new InboundEnforcement(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.2.0/24")))));
        assertTrue(listed().contains("ip saddr 198.18.2.0/24 counter packets 0 bytes 0 drop"), listed());
        assertFalse(TestNamespace.host("nft", "list", "tables").contains(table), "the table leaked into the host namespace");

        apply(nft, new InboundEnforcement(List.of(new ProtectedPeer(IpPrefix.parse("198.18.3.0/24"), 6, ProtectedPeer.Ports.of(80)))));
        assertTrue(listed().contains("ip saddr 198.18.3.0/24 tcp dport 80 counter packets 0 bytes 0 drop"), listed());
        assertFalse(listed().contains("198.18.2.0/24"), listed());

        b.call(() -> {
            nft.delete();
            nft.delete();                                              // idempotent
            return null;
        });
        assertFalse(b.exec("nft", "list", "tables").output().contains(table));
    }

    @Test
    void dropsCleartextFromAProtectedPeerButLetsEspThrough() throws Exception {
        assertEquals(0, a.exec("ping", "-n", "-c", "1", "-W", "2", "198.18.1.2").exit());
        NftTable nft = new NftTable(NftTable.locate(), table, "ikdtun0");
        apply(nft, new InboundEnforcement(List.of(ProtectedPeer.allTraffic(IpPrefix.parse("198.18.1.1/32")))));

        assertNotEquals(0, a.exec("ping", "-n", "-c", "1", "-W", "1", "198.18.1.2").exit());
        assertTrue(listed().contains("ip saddr 198.18.1.1 counter packets 1 "), listed());
        try (RawIpSocket rx = b.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, 50, 0, null));
             RawIpSocket tx = a.call(() -> PosixRawIpSocket.open(IpFamily.IPV4, 50, 0, null))) {
            Future<byte[]> received = receivers.submit(() -> {
                byte[] buf = new byte[256];
                int n = rx.receive(buf, 0, buf.length, null);
                return Arrays.copyOf(buf, Math.max(n, 0));
            });
            byte[] esp = {0, 0, 0x12, 0x34, 0, 0, 0, 1, 9, 9, 9, 9};
            assertEquals(esp.length, tx.send(esp, 0, esp.length, InetAddress.getByName("198.18.1.2")));
            byte[] packet = received.get(5, TimeUnit.SECONDS);
            assertArrayEquals(esp, Arrays.copyOfRange(packet, 20, packet.length));
        }

        // only TCP port 80 protected now: ICMP passes again
        apply(nft, new InboundEnforcement(List.of(new ProtectedPeer(IpPrefix.parse("198.18.1.1/32"), 6, ProtectedPeer.Ports.of(80)))));
        assertEquals(0, a.exec("ping", "-n", "-c", "1", "-W", "2", "198.18.1.2").exit());
        b.call(() -> {
            nft.delete();
            return null;
        });
    }
}
