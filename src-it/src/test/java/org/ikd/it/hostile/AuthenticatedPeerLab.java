package org.ikd.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ikd.core.crypto.Secret;
import org.ikd.daemon.control.ControlRequest;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.it.hostile.peer.ScriptedPeer;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.PolicyToml;

/**
 * The lab of the authenticated-peer tests (issue 13): {@link ThreeHosts}, a real ikd on A (victim)
 * and B (target), and the {@link ScriptedPeer} on M. B's rules, in priority order:
 * <ol>
 * <li>{@code to-a}: transport to A, key K1 (A has the mirror, so A and B are the victim pair);
 * <li>{@code tun-a}: tunnel to endpoint A, 198.19.2.0/24 &lt;-&gt; 198.19.1.0/24, key K1;
 * <li>{@code lab}: transport to any host of 198.18.0.0/15, key K2 (the only key M knows);
 * <li>{@code tun-m}: tunnel to endpoint M, 198.19.2.0/24 &lt;-&gt; 198.19.3.0/24 UDP port 7 only, key K2.
 * </ol>
 * After each case the tests prove three things: nothing new was installed for M (and the victim's
 * SPIs are unchanged), B's counters and Oakley log say why, and A &lt;-&gt; B still flows through
 * the victim pair.
 */
final class AuthenticatedPeerLab implements AutoCloseable {
    static final String K1 = "victim-key-k1-0123456789abcdef";
    static final String K2 = "attacker-key-k2-fedcba9876543210";
    static final String NET_B = "198.19.2.0/24";
    static final String NET_A = "198.19.1.0/24";
    static final String NET_M = "198.19.3.0/24";
    static final Duration WAIT = Duration.ofSeconds(3);

    /** B's state before a case: its counters, SAs and how much of its Oakley log was written. */
    record Evidence(Counters counters, List<QuickModeSaView> qm, List<MainModeSaView> mm, int logLength) {}

    final ThreeHosts hosts;
    final IkdNode a;
    final IkdNode b;
    final ScriptedPeer peer;
    final QuickModeSaView victim;

    private AuthenticatedPeerLab(ThreeHosts hosts, IkdNode a, IkdNode b, ScriptedPeer peer, QuickModeSaView victim) {
        this.hosts = hosts;
        this.a = a;
        this.b = b;
        this.peer = peer;
        this.victim = victim;
    }

    /** Starts both daemons, establishes A &lt;-&gt; B with pings, then M's Main Mode with K2. */
    static AuthenticatedPeerLab start(String prefix, Path dir) throws Exception {
        ThreeHosts hosts = ThreeHosts.create(prefix);
        IkdNode a = null;
        IkdNode b = null;
        ScriptedPeer peer = null;
        try {
            Path bDir = Files.createDirectories(dir.resolve("b"));
            Path k2 = bDir.resolve("k2.psk");
            Files.writeString(k2, K2 + "\n");
            Files.setPosixFilePermissions(k2, PosixFilePermissions.fromString("rw-------"));
            a = IkdNode.launch(hosts.a, dir.resolve("a"), policyOfA(), IkdNode.Launch.plain().withPsk(K1));
            b = IkdNode.launch(hosts.b, bDir, policyOfB(), IkdNode.Launch.plain().withPsk(K1));
            a.awaitReady();
            b.awaitReady();
            Pings.establish(hosts.a, ThreeHosts.A, ThreeHosts.B);
            QuickModeSaView victim = victimPair(qm(b));
            peer = ScriptedPeer.open(hosts.m, ThreeHosts.M, ThreeHosts.B, WAIT);
            peer.mainMode(key(K2), false);
            return new AuthenticatedPeerLab(hosts, a, b, peer, victim);
        } catch (Exception | Error e) {
            if (peer != null) peer.close();
            if (b != null) b.close();
            if (a != null) a.close();
            hosts.close();
            throw e;
        }
    }

    static String policyOfA() {
        return PolicyToml.named("ikh-a", ThreeHosts.A).mainMode(PolicyToml.MAIN_MODE)
                .filterList("to-b", PolicyToml.peerOf(ThreeHosts.B)).negotiate("esp", "esp = \"aes128-sha256\"")
                .pskRule("to-b", "to-b", "esp").render();
    }

    static String policyOfB() {
        String k2 = "authentication = [ { psk-file = \"k2.psk\" } ]";
        return PolicyToml.named("ikh-b", ThreeHosts.B).mainMode(PolicyToml.MAIN_MODE)
                .filterList("to-a", PolicyToml.peerOf(ThreeHosts.A))
                .filterList("tun-a", PolicyToml.between(NET_B, NET_A))
                .filterList("lab", PolicyToml.peerOf("198.18.0.0/15"))
                .filterList("tun-m", "{ source = \"" + NET_B + "\", destination = \"" + NET_M + "\", protocol = \"udp\", destination-port = 7 }")
                .negotiate("esp", "esp = \"aes128-sha256\"")
                .pskRule("to-a", "to-a", "esp")
                .pskRule("tun-a", "tun-a", "esp", PolicyToml.tunnelTo(ThreeHosts.A, ThreeHosts.B))
                .rule("lab", "lab", "esp", k2)
                .rule("tun-m", "tun-m", "esp", k2, PolicyToml.tunnelTo(ThreeHosts.M, ThreeHosts.B))
                .render();
    }

    static Secret key(String text) {
        return Secret.of(text.getBytes(StandardCharsets.US_ASCII));
    }

    static List<QuickModeSaView> qm(IkdNode node) {
        return node.control(ControlRequest.Command.SHOW_QM, QuickModeSas.class).sas();
    }

    static List<MainModeSaView> mm(IkdNode node) {
        return node.control(ControlRequest.Command.SHOW_MM, MainModeSas.class).sas();
    }

    /** B's one pair with A. */
    static QuickModeSaView victimPair(List<QuickModeSaView> sas) {
        List<QuickModeSaView> withA = sas.stream().filter(p -> p.peer().equals(ThreeHosts.A)).toList();
        assertEquals(1, withA.size(), "B has one pair with A: " + sas);
        return withA.get(0);
    }

    Evidence evidence() {
        return new Evidence(Counters.of(b), qm(b), mm(b), b.oakleyLog().length());
    }

    /** Check 1: no pair for M appeared (none carries {@code requested}, B's outbound view), the victim's SPIs are A's. */
    void assertNothingInstalled(Evidence before, String requested) {
        List<QuickModeSaView> now = qm(b);
        Set<Long> earlier = attackerPairs(before.qm()).stream().map(QuickModeSaView::id).collect(Collectors.toSet());
        List<QuickModeSaView> added = attackerPairs(now).stream().filter(p -> !earlier.contains(p.id())).toList();
        assertEquals(List.of(), added, "nothing may be installed for M");
        if (requested != null)
            assertTrue(attackerPairs(now).stream().noneMatch(p -> p.filter().equals(requested)), "a pair for M carries " + requested + ": " + now);
        QuickModeSaView v = victimPair(now);
        assertEquals(List.of(victim.inboundSpi(), victim.outboundSpi()), List.of(v.inboundSpi(), v.outboundSpi()), "the victim pair's SPIs");
    }

    /** Deletes every pair for M that {@code before} did not have ({@code ikdctl delete qm}), so one case cannot spoil the next. */
    void deleteAttackerPairsSince(Evidence before) {
        Set<Long> earlier = attackerPairs(before.qm()).stream().map(QuickModeSaView::id).collect(Collectors.toSet());
        for (QuickModeSaView p : attackerPairs(qm(b)))
            if (!earlier.contains(p.id())) b.ikdctl("delete", "qm", Long.toString(p.id()));
    }

    static List<QuickModeSaView> attackerPairs(List<QuickModeSaView> sas) {
        return sas.stream().filter(p -> p.peer().equals(ThreeHosts.M)).toList();
    }

    /** Check 2: B's Oakley log has, since {@code before}, one line with every one of {@code parts}. */
    String assertLogSays(Evidence before, String... parts) {
        String log = b.oakleyLog();
        String since = log.substring(Math.min(before.logLength(), log.length()));
        String line = since.lines().filter(l -> Arrays.stream(parts).allMatch(l::contains)).findFirst().orElse(null);
        assertTrue(line != null, "B's Oakley log has no line with " + Arrays.toString(parts) + "; it wrote:\n" + since);
        return line;
    }

    /** B's counters once {@code done} holds for them, or after 6 s (B handles M's messages on its own thread). */
    Counters awaitCounters(java.util.function.Predicate<Counters> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
        Counters c = Counters.of(b);
        while (!done.test(c) && System.nanoTime() < deadline) {
            IkdNode.sleep(300);
            c = Counters.of(b);
        }
        return c;
    }

    /** B's ISAKMP SA with A. */
    static MainModeSaView victimMainMode(List<MainModeSaView> sas) {
        List<MainModeSaView> withA = sas.stream().filter(s -> s.peer().equals(ThreeHosts.A)).toList();
        assertEquals(1, withA.size(), "B has one ISAKMP SA with A: " + sas);
        return withA.get(0);
    }

    /** B's Oakley lines about M since {@code before}, for reports. */
    String oakleyOnAttacker(Evidence before) {
        String log = b.oakleyLog();
        StringBuilder out = new StringBuilder();
        log.substring(Math.min(before.logLength(), log.length())).lines().filter(l -> l.contains(ThreeHosts.M))
                .forEach(l -> out.append("    ").append(l).append('\n'));
        return out.toString();
    }

    /**
     * Check 3: pings A -&gt; B are answered through the victim pair (its packet counters grow both ways)
     * and every pair of B that carries traffic to A still goes to A.
     */
    void assertVictimFlows() {
        QuickModeSaView before = victimPair(qm(b));
        Pings.Reply r = Pings.ping(hosts.a, 3, "0.2", ThreeHosts.A, ThreeHosts.B);
        assertTrue(r.all(), "A -> B must still flow:\n" + r.text());
        List<QuickModeSaView> now = qm(b);
        QuickModeSaView after = victimPair(now);
        assertTrue(after.packetsIn() - before.packetsIn() >= 3 && after.packetsOut() - before.packetsOut() >= 3,
                "the pings went through the victim pair's ESP: " + before + " -> " + after);
        for (QuickModeSaView p : now)
            if (p.filter().matches(".*-> 198\\.18\\.0\\.1\\b.*"))
                assertEquals(ThreeHosts.A, p.peer(), "B's traffic to A goes to " + p.peer() + " under pair " + p);
    }

    @Override
    public void close() {
        peer.close();
        b.close();
        a.close();
        hosts.close();
    }
}
