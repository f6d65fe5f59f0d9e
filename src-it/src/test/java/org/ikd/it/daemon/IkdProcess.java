package org.ikd.it.daemon;

import java.nio.file.Path;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.Netns;

/**
 * What is left of the daemon tests' launcher: a thin view of {@link IkdNode}, kept only while
 * {@code org.ikd.it.rekey} (being changed by another engineer) still names it. New code uses
 * {@link IkdNode}; delete this class once rekey has switched (patch: notes/patches/dedup-rekey.diff).
 */
public final class IkdProcess implements AutoCloseable {
    public static final String PSK = IkdNode.PSK;

    private final IkdNode node;

    private IkdProcess(IkdNode node) {
        this.node = node;
    }

    public static IkdProcess start(Netns ns, Path dir, String policy) {
        return new IkdProcess(IkdNode.start(ns, dir, policy));
    }

    public String ikdctl(String... args) {
        return node.ikdctl(args);
    }

    public String oakleyLog() {
        return node.oakleyLog();
    }

    public String output() {
        return node.output();
    }

    public int stop() {
        return node.stop();
    }

    @Override
    public void close() {
        node.close();
    }
}
