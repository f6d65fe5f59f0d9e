package org.ikd.it.traffic;

import java.io.IOException;
import java.nio.file.Path;
import org.ikd.it.lab.TwoHosts;

/**
 * ikd on host A and on host B of a {@link TwoHosts} lab with mirrored policies of one protection
 * kind, started and stopped side by side (two JVMs start faster together than one after the other).
 */
final class IkdPair implements AutoCloseable {
    final IkdDaemon a;
    final IkdDaemon b;

    private IkdPair(IkdDaemon a, IkdDaemon b) {
        this.a = a;
        this.b = b;
    }

    static IkdPair start(TwoHosts lab, Path dir, Protection p) throws IOException {
        IkdDaemon a = IkdDaemon.launch(lab.a, dir.resolve("a"), p.policy(TwoHosts.A, TwoHosts.B));
        IkdDaemon b = null;
        try {
            b = IkdDaemon.launch(lab.b, dir.resolve("b"), p.policy(TwoHosts.B, TwoHosts.A));
            a.awaitSocket();
            b.awaitSocket();
            return new IkdPair(a, b);
        } catch (IOException | RuntimeException e) {
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
