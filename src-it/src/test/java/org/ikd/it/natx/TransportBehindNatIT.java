package org.ikd.it.natx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.NatLab;
import org.ikd.it.lab.WireCapture;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ESP transport mode through a real NAT (RFC 3947 §5.2, RFC 3948 §3.1.2): ikd in A (198.18.10.1,
 * behind R's masquerade) initiates to ikd in B, whose rule names only the NAT's outside address.
 * B takes A's IDci (its private address) as the NAT's, so its SAs carry what arrives after the NAT;
 * NAT-OA lets each side fix TCP checksums after decapsulation. A ping and a 4 MiB TCP transfer
 * (SHA-256 compared) cross; on B's wire everything between the NAT and B is UDP 500/4500.
 */
class TransportBehindNatIT {
    private static final String SERVER = """
            import hashlib, socket, sys
            s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((sys.argv[1], 5301)); s.listen(1); s.settimeout(60)
            c, _ = s.accept(); c.settimeout(60); h = hashlib.sha256(); n = 0
            while True:
                d = c.recv(65536)
                if not d: break
                h.update(d); n += len(d)
            print(n, h.hexdigest(), flush=True)
            """;
    private static final String CLIENT = """
            import socket, sys, time
            for attempt in range(20):
                try:
                    s = socket.create_connection((sys.argv[2], 5301), timeout=30, source_address=(sys.argv[1], 0)); break
                except OSError:
                    time.sleep(0.5)
            s.sendall(open(sys.argv[3], 'rb').read()); s.shutdown(socket.SHUT_WR); s.recv(1)
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void needsRootAndTools() throws Exception {
        NatTraffic.assumeRootAnd("nft", "python3", "tshark");
    }

    @Test
    void pingAndTcpCrossTheNatInTransportMode() throws Exception {
        byte[] data = new byte[4 << 20];
        new Random(7).nextBytes(data);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        try (NatLab lab = NatLab.create("ikd-ng-t", true);
             WireCapture wire = WireCapture.start(lab.b, "veth-out", dir.resolve("wire"))) {
            try (IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), NatPolicies.insideTransport("aes128gcm16", "auto"));
                 IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), NatPolicies.outsideTransport("aes128gcm16"))) {
                NatTraffic.assertPings(lab.a, 3, NatLab.A, NatLab.B);
                long t0 = System.nanoTime();
                String received = transfer(lab, file);
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(data.length + " " + sha, received, "the bytes B received");
                System.out.printf("transport behind NAT: 4 MiB TCP in %.1f s (%.1f Mbit/s), SHA-256 equal%n", seconds, 32 / seconds);
                assertTrue(a.ikdctl("show", "qm").contains("transport/udp"), a.ikdctl("show", "qm"));
                String qmB = b.ikdctl("show", "qm");
                assertTrue(qmB.contains("transport/udp") && qmB.contains(NatLab.R_OUTSIDE), qmB);
                assertTrue(b.oakleyLog().contains("NAT-T (peer behind a NAT)"), b.oakleyLog());
            }
            // every packet between the NAT and B: UDP 500 (Main Mode 1-4) or 4500 (the rest, ESP, keepalives)
            List<String[]> all = wire.rows(null, "ip.addr == " + NatLab.B, "ip.proto", "udp.srcport", "udp.dstport", "esp.spi");
            List<String[]> other = all.stream().filter(r -> !r[0].equals("17") || !(r[1].equals("4500") || r[2].equals("4500")
                    || r[1].equals("500") || r[2].equals("500"))).filter(r -> !r[0].isEmpty()).toList();
            assertTrue(other.isEmpty(), "non-IKE/NAT-T packets on the wire: " + other.stream().map(r -> String.join(",", r)).toList());
            long esp = all.stream().filter(r -> !r[3].isEmpty()).count();
            long on500 = all.stream().filter(r -> r[1].equals("500") || r[2].equals("500")).count();
            assertTrue(esp > 100, "ESP-in-UDP packets: " + esp);
            int floated = 0;
            while (floated < all.size() && !all.get(floated)[2].equals("4500")) floated++;
            assertTrue(all.subList(floated, all.size()).stream().noneMatch(r -> r[1].equals("500") || r[2].equals("500")),
                    "after the float to 4500 nothing goes on UDP 500 (Main Mode 1-4 only)");
            System.out.println("transport behind NAT wire: " + all.size() + " packets, " + esp + " ESP in UDP 4500, " + on500 + " on UDP 500");
        }
    }

    /** Sends {@code file} from A to B over TCP; returns what B's server printed: byte count and SHA-256. */
    private static String transfer(NatLab lab, Path file) throws Exception {
        Path server = file.resolveSibling("server.py");
        Path client = file.resolveSibling("client.py");
        Files.writeString(server, SERVER);
        Files.writeString(client, CLIENT);
        var argv = new java.util.ArrayList<>(lab.b.execPrefix());
        argv.addAll(List.of("python3", server.toString(), NatLab.B));
        Path out = file.resolveSibling("server.out");
        Process s = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            Command.Result c = lab.a.exec(120, "python3", client.toString(), NatLab.A, NatLab.B, file.toString());
            assertEquals(0, c.exitCode(), c.stdout() + c.stderr());
            assertTrue(s.waitFor(60, TimeUnit.SECONDS), "the server did not finish");
            return Files.readString(out).strip();
        } finally {
            if (s.isAlive()) s.destroyForcibly();
        }
    }
}
