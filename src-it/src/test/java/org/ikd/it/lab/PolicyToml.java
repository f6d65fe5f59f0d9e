package org.ikd.it.lab;

/**
 * The text of an ikd policy file (docs/policy-reference.md) for the ITs, written section by section;
 * PSK rules read {@code it.psk} beside the policy (as {@link IkdNode} writes it). The two shapes most
 * tests need are {@link #transport} and {@link #tunnel}; anything else is built, e.g.
 * {@code PolicyToml.named("it-x", me).filterList("peer", peerOf(b)).negotiate("esp", "esp = \"aes128gcm16\"").pskRule("peer", "peer", "esp").render()}.
 */
public final class PolicyToml {
    /** The Main Mode protection suite the lab uses unless a test says otherwise. */
    public static final String MAIN_MODE = "aes128-sha256-modp2048";

    private final StringBuilder toml = new StringBuilder();

    private PolicyToml(String name, String localAddress) {
        toml.append("name = \"").append(name).append("\"\n")
            .append("local-addresses = [\"").append(localAddress).append("\"]\n");
    }

    public static PolicyToml named(String name, String localAddress) {
        return new PolicyToml(name, localAddress);
    }

    /** ESP or AH transport mode between {@code me} and {@code peer}: one rule "peer", filter action {@code action} with one method. */
    public static String transport(String name, String me, String peer, String action, String method, String... actionLines) {
        return named(name, me).mainMode(MAIN_MODE).filterList("peer", peerOf(peer))
                .negotiate(action, method, actionLines).pskRule("peer", "peer", action).render();
    }

    /** ESP tunnel mode between two subnets: one rule "net" from {@code me} to {@code peer}, then {@code ruleLines}. */
    public static String tunnel(String name, String me, String peer, String localNet, String remoteNet, String mainMode,
                                String esp, String... ruleLines) {
        return tunnelWith(name, me, peer, localNet, remoteNet, mainMode, "esp = \"" + esp + "\"", ruleLines);
    }

    /** As {@link #tunnel}, the ESP method given as the inline table's keys, e.g. {@code esp = "aes128gcm16", lifetime = "30s"}. */
    public static String tunnelWith(String name, String me, String peer, String localNet, String remoteNet, String mainMode,
                                    String espMethod, String... ruleLines) {
        String[] lines = new String[ruleLines.length + 1];
        lines[0] = tunnelTo(peer, me);
        System.arraycopy(ruleLines, 0, lines, 1, ruleLines.length);
        return named(name, me).mainMode(mainMode).filterList("net", between(localNet, remoteNet))
                .negotiate("esp", espMethod).pskRule("net", "net", "esp", lines).render();
    }

    /** The filter of the traffic from {@code localNet} to {@code remoteNet}. */
    public static String between(String localNet, String remoteNet) {
        return "{ source = \"" + localNet + "\", destination = \"" + remoteNet + "\" }";
    }

    /** A rule's tunnel line: ESP tunnel mode from {@code me} to {@code peer}. */
    public static String tunnelTo(String peer, String me) {
        return "tunnel = { remote = \"" + peer + "\", local = \"" + me + "\" }";
    }

    /** The filter of all traffic from this host to {@code peer} (an address or a subnet). */
    public static String peerOf(String peer) {
        return "{ source = \"me\", destination = \"" + peer + "\" }";
    }

    /** {@code [main-mode]} with one method, then {@code lines} (e.g. {@code lifetime = "30s"}). */
    public PolicyToml mainMode(String method, String... lines) {
        section("[main-mode]", "methods = [\"" + method + "\"]");
        return lines(lines);
    }

    /** {@code [filter-lists.NAME]} with {@code filters}, inline tables separated by commas. */
    public PolicyToml filterList(String name, String filters) {
        return section("[filter-lists." + name + "]", "filters = [ " + filters + " ]");
    }

    /** {@code [filter-actions.NAME]}: negotiate with one method (the inline table's keys), then {@code lines}. */
    public PolicyToml negotiate(String name, String method, String... lines) {
        section("[filter-actions." + name + "]", "action = \"negotiate\"", "methods = [ { " + method + " } ]");
        return lines(lines);
    }

    /** A rule with no authentication (a permit or block action), then {@code lines}. */
    public PolicyToml rule(String name, String filterList, String filterAction, String... lines) {
        section("[[rules]]", "name = \"" + name + "\"", "filter-list = \"" + filterList + "\"", "filter-action = \"" + filterAction + "\"");
        return lines(lines);
    }

    /** A rule authenticated by the PSK in {@code it.psk}, then {@code lines}. */
    public PolicyToml pskRule(String name, String filterList, String filterAction, String... lines) {
        rule(name, filterList, filterAction, "authentication = [ { psk-file = \"it.psk\" } ]");
        return lines(lines);
    }

    public String render() {
        return toml.toString();
    }

    private PolicyToml section(String header, String... lines) {
        toml.append('\n').append(header).append('\n');
        return lines(lines);
    }

    private PolicyToml lines(String... lines) {
        for (String l : lines) toml.append(l).append('\n');
        return this;
    }
}
