package org.ikd.it.hostile;

import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.Netns;

/**
 * Three hosts on one L2 segment: a bridge in a fourth namespace with a veth to each host. A
 * 198.18.0.1/24 (victim), B 198.18.0.2/24 (target), M 198.18.0.3/24 (attacker); RFC 2544 range.
 * Every namespace and device name starts with the caller's prefix (namespaces) or {@code ikh}
 * (devices); {@link #close()} deletes the namespaces, and with them the devices.
 */
public final class ThreeHosts implements AutoCloseable {
    public static final String A = "198.18.0.1";
    public static final String B = "198.18.0.2";
    public static final String M = "198.18.0.3";
    public static final String LINK = "ikh0";
    private static final String BRIDGE = "ikh-br";

    public final Netns a;
    public final Netns b;
    public final Netns m;
    private final List<Netns> all;

    private ThreeHosts(List<Netns> all) {
        this.all = all;
        this.a = all.get(1);
        this.b = all.get(2);
        this.m = all.get(3);
    }

    public static ThreeHosts create(String prefix) {
        List<Netns> made = new ArrayList<>();
        try {
            Netns bridge = Netns.create(prefix + "-br");
            made.add(bridge);
            bridge.ip("link", "add", BRIDGE, "type", "bridge");
            bridge.ip("link", "set", BRIDGE, "up");
            String[][] hosts = {{"a", A}, {"b", B}, {"m", M}};
            for (String[] h : hosts) {
                Netns ns = Netns.create(prefix + "-" + h[0]);
                made.add(ns);
                String port = "ikh-" + h[0];
                ns.ip("link", "add", LINK, "type", "veth", "peer", "name", port, "netns", bridge.name());
                ns.ip("addr", "add", h[1] + "/24", "dev", LINK);
                ns.ip("link", "set", LINK, "up");
                bridge.ip("link", "set", port, "master", BRIDGE);
                bridge.ip("link", "set", port, "up");
            }
            return new ThreeHosts(made);
        } catch (RuntimeException e) {
            made.forEach(Netns::close);
            throw e;
        }
    }

    @Override
    public void close() {
        all.forEach(Netns::close);
    }
}
