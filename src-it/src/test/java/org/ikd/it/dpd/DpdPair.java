package org.ikd.it.dpd;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.ikd.it.nat.NatPolicies;
import org.ikd.it.nat.NatTraffic;

/**
 * The DPD tests' lab: ikd on host A probes its tunnel peer (RFC 3706, delay {@value #DELAY} s,
 * timeout {@value #TIMEOUT} s, the action given), ikd on host B answers without probing. Closing
 * stops B, then A, then removes the namespaces.
 */
final class DpdPair implements AutoCloseable {
    static final long DELAY = 2;
    static final long TIMEOUT = 5;

    final TwoHosts lab;
    final IkdNode a;
    final IkdNode b;

    private DpdPair(TwoHosts lab, IkdNode a, IkdNode b) {
        this.lab = lab;
        this.a = a;
        this.b = b;
    }

    /** A's tunnel to {@code peer} with DPD and {@code action} (restart, clear or hold). */
    static String policyA(String peer, String action) {
        return NatPolicies.tunnel(TwoHosts.A, peer, TwoHosts.NET_A, TwoHosts.NET_B, "aes128gcm16",
                "nat-traversal = \"force\"\ndpd = { delay = \"" + DELAY + "s\", timeout = \"" + TIMEOUT + "s\", action = \"" + action + "\" }");
    }

    /** B's tunnel to A, no DPD of its own. */
    static String policyB() {
        return NatPolicies.tunnel(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, "aes128gcm16", "nat-traversal = \"force\"");
    }

    /** Namespaces {@code prefix}-*, then A (DPD {@code action}) and B, both under {@code dir}. */
    static DpdPair start(String prefix, Path dir, String action) {
        TwoHosts lab = TwoHosts.create(prefix);
        IkdNode a = null;
        try {
            a = IkdNode.start(lab.a, dir.resolve("a"), policyA(TwoHosts.B, action));
            return new DpdPair(lab, a, IkdNode.start(lab.b, dir.resolve("b"), policyB()));
        } catch (RuntimeException | Error e) {
            try {
                if (a != null) a.close();
            } finally {
                lab.close();
            }
            throw e;
        }
    }

    /** Tunnel up, B killed, A's verdict "peer is dead" and its action line; returns when that line is in A's log. */
    LocalDateTime killBAndAwaitVerdict(String actionLine) {
        NatTraffic.assertPings(lab.a, 2, TwoHosts.INNER_A, TwoHosts.INNER_B);
        IkdNode.sleep(DELAY * 1000 + 500);
        LocalDateTime killed = LocalDateTime.now();
        b.kill();
        OakleyTimes.await(a::oakleyLog, "peer is dead", killed, Duration.ofSeconds(DELAY + TIMEOUT + 10))
                .orElseThrow(() -> new AssertionError("no DPD verdict:\n" + a.oakleyLog()));
        return OakleyTimes.await(a::oakleyLog, actionLine, killed, Duration.ofSeconds(5))
                .orElseThrow(() -> new AssertionError("no '" + actionLine + "' line:\n" + a.oakleyLog()));
    }

    @Override
    public void close() {
        try {
            b.close();
        } finally {
            try {
                a.close();
            } finally {
                lab.close();
            }
        }
    }
}
