package org.ikd.it.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace this test created, deleted on {@link #close()}. Only namespaces made
 * here are ever touched (the network rule: tests address nothing but their own namespaces).
 */
public final class Netns implements AutoCloseable {
    private final String name;

    private Netns(String name) {
        this.name = name;
    }

    /**
     * What every namespace name starts with: the system property {@code it.netns.prefix} (empty by
     * default), so that runs of the same IT side by side (one per worktree) never share a name.
     */
    private static final String RUN_PREFIX = System.getProperty("it.netns.prefix", "");

    /** Creates {@code [it.netns.prefix]prefix-XXXX} with loopback up. */
    public static Netns create(String prefix) {
        String name = RUN_PREFIX + prefix + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        Command.check("ip", "netns", "add", name);
        Netns ns = new Netns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** {@code ip -n NAME args...}, failing on a non-zero exit. */
    public String ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "-n", name));
        argv.addAll(List.of(args));
        return Command.run(argv, 30).orThrow(argv).stdout();
    }

    /** Runs a command inside the namespace. */
    public Command.Result exec(long timeoutSeconds, String... args) {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", name));
        argv.addAll(List.of(args));
        return Command.run(argv, timeoutSeconds);
    }

    /** The argv prefix that runs a program inside the namespace. */
    public List<String> execPrefix() {
        return List.of("ip", "netns", "exec", name);
    }

    @Override
    public void close() {
        Command.run(List.of("ip", "netns", "del", name), 30);
    }

    @Override
    public String toString() {
        return name;
    }
}
