package org.ikd.it.actions;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;

/**
 * The test's own nftables table ({@code inet ikdac}) on a host's input hook, at the filter priority,
 * i.e. after ikd's raw-priority prerouting chain: it counts what the host really receives from one
 * peer (echo requests, echo replies, ESP, ESP in UDP 4500). It judges ikd without asking ikd.
 */
final class InputCounters {
    static final String ECHO_REQUEST = "echo-request";
    static final String ECHO_REPLY = "echo-reply";
    static final String ESP = "esp";
    static final String ESP_IN_UDP = "udp-4500";

    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+ comment \"([a-z0-9-]+)\"");

    private final Netns host;

    private InputCounters(Netns host) {
        this.host = host;
    }

    /** (Re)creates the table in {@code host}, counting from zero what arrives from {@code peer}. */
    static InputCounters install(Netns host, String peer) {
        String script = """
            table inet ikdac {
            }
            delete table inet ikdac
            table inet ikdac {
                chain input {
                    type filter hook input priority filter; policy accept;
                    ip saddr %1$s icmp type echo-request counter comment "echo-request"
                    ip saddr %1$s icmp type echo-reply counter comment "echo-reply"
                    ip saddr %1$s ip protocol esp counter comment "esp"
                    ip saddr %1$s udp dport 4500 counter comment "udp-4500"
                }
            }
            """.formatted(peer);
        nft(host, script);
        return new InputCounters(host);
    }

    /** Packets the rule commented {@code name} has counted. */
    long packets(String name) {
        Command.Result r = host.exec(30, "nft", "list", "table", "inet", "ikdac");
        Matcher m = COUNTER.matcher(r.stdout());
        while (m.find()) if (m.group(2).equals(name)) return Long.parseLong(m.group(1));
        throw new IllegalStateException("no counter '" + name + "' in:\n" + r.stdout() + r.stderr());
    }

    /** ikd's own table, {@code nft list table inet ikd} (empty if there is none). */
    static String ikdTable(Netns host) {
        return host.exec(30, "nft", "list", "table", "inet", "ikd").stdout();
    }

    /** The packets ikd's prerouting chain dropped from {@code source}, or -1 when it has no drop rule for it. */
    static long ikdDrops(Netns host, String source) {
        Matcher m = Pattern.compile("ip saddr " + Pattern.quote(source) + " counter packets (\\d+) bytes \\d+ drop")
                .matcher(ikdTable(host));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void nft(Netns host, String script) {
        List<String> argv = new java.util.ArrayList<>(host.execPrefix());
        argv.addAll(List.of("sh", "-c", "nft -f - <<'EOF'\n" + script + "EOF\n"));
        Command.run(argv, 30).orThrow(argv);
    }
}
