package org.ikd.it.traffic;

import java.nio.file.Path;
import java.time.Duration;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;

/**
 * ikd on host A and on host B of a {@link TwoHosts} lab with mirrored policies of one protection
 * kind, started and stopped side by side (two JVMs start faster together than one after the other).
 */
final class IkdPair implements AutoCloseable {
    /** Up to 90 s for each control socket: two JVMs warm up side by side on a loaded two-core machine. */
    private static final IkdNode.Launch LAUNCH = IkdNode.Launch.plain().withReady(Duration.ofSeconds(90));

    final IkdNode a;
    final IkdNode b;

    private IkdPair(IkdNode a, IkdNode b) {
        this.a = a;
        this.b = b;
    }

    static IkdPair start(TwoHosts lab, Path dir, Protection p) {
        return start(lab, dir, p.policy(TwoHosts.A, TwoHosts.B), p.policy(TwoHosts.B, TwoHosts.A));
    }

    /** The same with the policy files given: {@code policyA} for host A, {@code policyB} for B. */
    static IkdPair start(TwoHosts lab, Path dir, String policyA, String policyB) {
        IkdNode a = IkdNode.launch(lab.a, dir.resolve("a"), policyA, LAUNCH);
        IkdNode b = null;
        try {
            b = IkdNode.launch(lab.b, dir.resolve("b"), policyB, LAUNCH);
            a.awaitReady();
            b.awaitReady();
            return new IkdPair(a, b);
        } catch (RuntimeException e) {
            a.close();
            if (b != null) b.close();
            throw e;
        }
    }

    /** Both logs, for failure messages. */
    String oakleyLogs() {
        return "--- A:\n" + a.oakleyLog() + "--- B:\n" + b.oakleyLog();
    }

    @Override
    public void close() {
        a.signalStop();
        b.signalStop();
        a.close();
        b.close();
    }
}
