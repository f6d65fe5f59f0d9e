package org.ikd.it.aggressive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ikd.it.hostile.Counters;
import org.ikd.it.hostile.Pings;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggressive Mode (RFC 2409 §5.4) between two ikd daemons with traffic, and ike-scan's aggressive
 * probe (an independent implementation) against ikd on host B: answered with a full message 2 when
 * its KEY_ID group name selects a rule with {@code aggressive = true}, and psk-crack then recovers the
 * key offline from that one answer (the risk docs/security.md warns about, and an independent check
 * of HASH_R); answered with INVALID-EXCHANGE-TYPE when no rule opts in.
 */
class AggressiveModeIT {
    private static final String GROUP = "vpngroup";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Pings.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    private static String tunnel(String me, String peer, String localNet, String remoteNet) {
        return PolicyToml.tunnel("ag-tunnel", me, peer, localNet, remoteNet, PolicyToml.MAIN_MODE, "aes128gcm16", "aggressive = true");
    }

    @Test
    void twoIkdsSpeakAggressiveModeAndCarryPingsBothWays() {
        try (TwoHosts lab = TwoHosts.create("ag-ii");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), tunnel(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A));
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), tunnel(TwoHosts.A, TwoHosts.B, TwoHosts.NET_A, TwoHosts.NET_B))) {
            double seconds = Pings.firstAnswer(lab.a, TwoHosts.INNER_A, TwoHosts.INNER_B, 20);
            assertTrue(seconds >= 0, "no ping answered within 20 s\n" + a.oakleyLog() + "\n" + b.oakleyLog());
            Pings.Reply ab = Pings.ping(lab.a, 5, "0.2", TwoHosts.INNER_A, TwoHosts.INNER_B);
            Pings.Reply ba = Pings.ping(lab.b, 5, "0.2", TwoHosts.INNER_B, TwoHosts.INNER_A);
            assertTrue(ab.all() && ba.all(), ab.text() + "\n" + ba.text());
            assertTrue(a.oakleyLog().contains("AM#2 recv HDR, SA, KE, Nr, IDir, HASH_R -> peer authenticated (psk, id " + TwoHosts.B), a.oakleyLog());
            assertTrue(b.oakleyLog().contains("AM#3 recv HDR*, HASH_I -> peer authenticated (psk, id " + TwoHosts.A), b.oakleyLog());
            String qm = a.ikdctl("show", "qm");
            assertTrue(qm.contains("Quick Mode SAs: 1"), qm);
            System.out.printf("ikd -> ikd Aggressive Mode + Quick Mode, first ping answered after %.2f s%n", seconds);
        }
    }

    /** B: one transport rule to A, aes128-sha1-modp2048 (SHA-1: psk-crack knows MD5 and SHA-1 only), then {@code ruleLines}. */
    private static String responder(String... ruleLines) {
        String[] lines = ruleLines;
        return PolicyToml.named("ag-scan", TwoHosts.B).mainMode("aes128-sha1-modp2048").filterList("peer", PolicyToml.peerOf(TwoHosts.A))
                .negotiate("esp", "esp = \"aes128gcm16\"").pskRule("peer", "peer", "esp", lines).render();
    }

    /** ike-scan in A: Aggressive Mode, KEY_ID {@code id}, AES-128/SHA-1/PSK/MODP 2048, 3 tries of 1 s; its report. */
    private static String ikeScan(TwoHosts lab, String id, Path crackFile) {
        Command.Result r = lab.a.exec(30, "ike-scan", "--aggressive", "--id=" + id, "--idtype=11", "--trans=7/128,2,1,14",
                "--dhgroup=14", "--pskcrack=" + crackFile, "--retry=3", "--timeout=1000", TwoHosts.B);
        return r.stdout() + r.stderr();
    }

    @Test
    void ikeScansAggressiveProbeIsAnsweredForTheGroupAndItsKeyCracksOffline() throws Exception {
        assumeTrue(Pings.available("ike-scan", "psk-crack"), "needs ike-scan and psk-crack (.ci/run installs them)");
        try (TwoHosts lab = TwoHosts.create("ag-sc");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), responder("aggressive = true", "peer-id = \"group:" + GROUP + "\""))) {
            Counters before = Counters.of(b);
            Path crack = dir.resolve("psk-params");
            String scan = ikeScan(lab, GROUP, crack);
            System.out.println("ike-scan --aggressive --id=" + GROUP + ":\n" + scan.strip());
            assertTrue(scan.contains(TwoHosts.B + "\tAggressive Mode Handshake returned"), scan);
            assertEquals(0, Counters.of(b).since(before, "unsupportedExchanges"), scan);
            assertTrue(b.oakleyLog().contains("AM#1 recv HDR, SA, KE, Ni, IDii (id key_id 76706e67726f7570) -> rule 'peer'"), b.oakleyLog());

            // psk-crack (ike-scan's own tool) tests a word list against the one captured HASH_R (RFC 2409 §5)
            Path words = Files.writeString(dir.resolve("words"), "password\nvpngroup\n" + IkdNode.PSK + "\nletmein\n");
            Command.Result cracked = lab.a.exec(30, "psk-crack", "-d", words.toString(), crack.toString());
            System.out.println("psk-crack:\n" + cracked.stdout().strip());
            assertTrue(cracked.stdout().contains("key \"" + IkdNode.PSK + "\" matches"), cracked.stdout() + cracked.stderr());
            assertTrue(b.isAlive(), b.output());
        }
    }

    @Test
    void ikeScansAggressiveProbeGetsInvalidExchangeTypeWhenNoRuleOptsIn() throws Exception {
        assumeTrue(Pings.available("ike-scan"), "needs ike-scan (.ci/run installs it)");
        try (TwoHosts lab = TwoHosts.create("ag-sn");
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), responder("aggressive = true", "peer-id = \"group:" + GROUP + "\""))) {
            Counters before = Counters.of(b);
            String scan = ikeScan(lab, "othergroup", dir.resolve("none"));
            System.out.println("ike-scan --aggressive --id=othergroup:\n" + scan.strip());
            // ike-scan names IKEv1 notify types as RFC 2408 §3.14.1 spells them
            assertTrue(scan.contains(TwoHosts.B + "\tNotify message 7 (INVALID-EXCHANGE-TYPE)"), scan);
            assertFalse(scan.contains("Aggressive Mode Handshake returned"), scan);
            assertEquals(1, Counters.of(b).since(before, "unsupportedExchanges"), scan);
        }
    }
}
