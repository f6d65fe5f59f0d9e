package org.ikd.daemon.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.policyfile.Diagnostic;

/**
 * A dynamic rule ({@code ikdctl policy add}) written as a small policy file, so that the policy
 * file parser checks it exactly as {@code ikd check} checks a file, and the parser's findings
 * named again by the ikdctl option that caused them ({@code filter-lists.dynamic.filters[0].source}
 * becomes {@code --source}).
 * <ol>
 * <li>{@code [main-mode]}: the running policy's methods (only for {@code pfs = true}'s group);
 * <li>{@code [filter-lists.dynamic]}: the filters;
 * <li>{@code [filter-actions.dynamic]}: for {@code negotiate}, the methods, PFS and the two
 *     unsecured-communication switches; {@code permit} and {@code block} use the built-in actions;
 * <li>{@code [[rules]]}: the rule, its PSK file and tunnel endpoint.
 * </ol>
 */
final class RuleSnippet {
    static final String LIST = "dynamic";

    private RuleSnippet() {}

    /** The policy-file text of {@code rule}; throws {@link IllegalArgumentException} for what TOML cannot carry. */
    static String toml(DynamicRule rule, MainModeSettings mainMode) {
        StringBuilder b = new StringBuilder();
        b.append("name = ").append(quote("dynamic")).append('\n');
        List<String> mm = new ArrayList<>();
        mainMode.methods().forEach(m -> mm.add(quote(m.toString())));
        b.append("\n[main-mode]\nmethods = [").append(String.join(", ", mm)).append("]\n");
        b.append("\n[filter-lists.").append(LIST).append("]\nfilters = [\n");
        for (DynamicRule.FilterSpec f : rule.filters()) b.append("  ").append(filter(f)).append(",\n");
        b.append("]\n");
        boolean negotiate = "negotiate".equals(rule.action());
        if (negotiate) b.append(action(rule));
        b.append("\n[[rules]]\nname = ").append(quote(rule.name())).append('\n');
        b.append("filter-list = ").append(quote(LIST)).append('\n');
        b.append("filter-action = ").append(quote(negotiate ? LIST : rule.action())).append('\n');
        List<String> auth = authentication(rule);
        if (!auth.isEmpty()) b.append("authentication = [ ").append(String.join(", ", auth)).append(" ]\n");
        if (rule.tunnelEndpoint() != null) b.append("tunnel = ").append(quote(rule.tunnelEndpoint())).append('\n');
        options(b, rule.options());
        return b.toString();
    }

    /** The PSK and/or the certificate, in that order (a rule lists its methods in preference order). */
    private static List<String> authentication(DynamicRule rule) {
        List<String> out = new ArrayList<>();
        if (rule.pskFile() != null) out.add("{ psk-file = " + quote(rule.pskFile()) + " }");
        DynamicRule.Options o = rule.options();
        if (o.certificate() != null || o.key() != null || !o.cas().isEmpty()) {
            StringBuilder c = new StringBuilder("{ certificate = ").append(quote(String.valueOf(o.certificate())))
                    .append(", key = ").append(quote(String.valueOf(o.key())));
            List<String> cas = new ArrayList<>();
            o.cas().forEach(ca -> cas.add(quote(ca)));
            c.append(", ca = [").append(String.join(", ", cas)).append(']');
            if (o.crl() != null) c.append(", crl = ").append(quote(o.crl()));
            out.add(c.append(" }").toString());
        }
        return out;
    }

    /** local-id, peer-id, dpd, nat-traversal, nat-keepalive, replay-window: only those given. */
    private static void options(StringBuilder b, DynamicRule.Options o) {
        if (o.localId() != null) b.append("local-id = ").append(quote(o.localId())).append('\n');
        if (o.peerId() != null) b.append("peer-id = ").append(quote(o.peerId())).append('\n');
        if (o.hasDpd()) {
            List<String> dpd = new ArrayList<>();
            if (o.dpdDelay() != null) dpd.add("delay = " + quote(o.dpdDelay()));
            if (o.dpdTimeout() != null) dpd.add("timeout = " + quote(o.dpdTimeout()));
            if (o.dpdAction() != null) dpd.add("action = " + quote(o.dpdAction()));
            b.append("dpd = { ").append(String.join(", ", dpd)).append(" }\n");
        }
        if (o.natTraversal() != null) b.append("nat-traversal = ").append(quote(o.natTraversal())).append('\n');
        if (o.natKeepalive() != null) b.append("nat-keepalive = ").append(quote(o.natKeepalive())).append('\n');
        if (o.replayWindow() != null) b.append("replay-window = ").append(o.replayWindow()).append('\n');
        if (o.aggressive()) b.append("aggressive = true\n");
    }

    private static String filter(DynamicRule.FilterSpec f) {
        StringBuilder b = new StringBuilder("{ source = ").append(quote(f.source()))
                .append(", destination = ").append(quote(f.destination()));
        if (f.protocol() != null) {
            String p = f.protocol().trim();
            b.append(", protocol = ").append(p.matches("\\d{1,3}") ? p : quote(p.toLowerCase(Locale.ROOT)));
        }
        if (f.sourcePort() != null) b.append(", source-port = ").append(f.sourcePort());
        if (f.destinationPort() != null) b.append(", destination-port = ").append(f.destinationPort());
        return b.append(", mirrored = ").append(f.mirrored()).append(" }").toString();
    }

    private static String action(DynamicRule rule) {
        StringBuilder b = new StringBuilder("\n[filter-actions.").append(LIST).append("]\naction = \"negotiate\"\nmethods = [\n");
        for (String m : rule.securityMethods()) b.append("  ").append(method(m, rule)).append(",\n");
        b.append("]\n");
        if (rule.pfsGroup() != null) b.append("pfs = ").append(quote(rule.pfsGroup())).append('\n');
        b.append("accept-unsecured = ").append(rule.acceptUnsecured()).append('\n');
        b.append("fallback-to-clear = ").append(rule.fallbackToClear()).append('\n');
        return b.toString();
    }

    /** {@code esp:aes128-sha1} or {@code ah:sha1+esp:aes128-sha1} → {@code { ah = "sha1", esp = "aes128-sha1", ... }}. */
    private static String method(String spelled, DynamicRule rule) {
        StringBuilder b = new StringBuilder("{ ");
        List<String> seen = new ArrayList<>();
        for (String part : spelled.split("\\+", -1)) {
            int colon = part.indexOf(':');
            String protocol = colon < 0 ? "" : part.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (!(protocol.equals("esp") || protocol.equals("ah")) || seen.contains(protocol))
                throw new IllegalArgumentException("--method '" + spelled + "': expected esp:ALGORITHMS, ah:INTEGRITY or"
                        + " ah:INTEGRITY+esp:ALGORITHMS (e.g. esp:aes128-sha1, esp:aes128gcm16, ah:sha1+esp:aes128-sha1)");
            seen.add(protocol);
            b.append(protocol).append(" = ").append(quote(part.substring(colon + 1).trim())).append(", ");
        }
        if (rule.lifetimeSeconds() != null) b.append("lifetime = ").append(quote(rule.lifetimeSeconds() + "s")).append(", ");
        if (rule.lifetimeKilobytes() != null) b.append("lifetime-kb = ").append(rule.lifetimeKilobytes()).append(", ");
        return b.substring(0, b.length() - 2) + " }";
    }

    /** A TOML basic string (TOML 1.0 §String); control characters are refused. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) throw new IllegalArgumentException("'" + s.replaceAll("\\p{Cntrl}", "?")
                    + "' contains a control character");
            if (c == '"' || c == '\\') b.append('\\');
            b.append(c);
        }
        return b.append('"').toString();
    }

    /** A parser finding, named by the ikdctl option it concerns: {@code --method: unknown cipher ...}. */
    static String describe(Diagnostic d) {
        return option(d.at().keyPath()) + d.message();
    }

    private static String option(String keyPath) {
        if (keyPath.isEmpty()) return "";
        String last = keyPath.substring(keyPath.lastIndexOf('.') + 1).replaceAll("\\[\\d+]$", "");
        String opt = switch (last) {
            case "source", "destination", "protocol", "source-port", "destination-port", "lifetime", "lifetime-kb",
                    "pfs", "accept-unsecured", "fallback-to-clear", "tunnel", "psk-file" -> "--" + last;
            case "mirrored" -> "--no-mirror";
            case "esp", "ah", "methods" -> "--method";
            case "authentication" -> "--psk-file or --cert";
            case "remote", "local" -> "--tunnel";
            case "certificate" -> "--cert";
            case "key" -> "--key";
            case "ca" -> "--ca";
            case "crl" -> "--crl";
            case "local-id", "peer-id", "nat-traversal", "nat-keepalive", "replay-window", "aggressive" -> "--" + last;
            case "delay", "timeout" -> "--dpd-" + last;
            case "name" -> "NAME";
            case "filters", "filter-list" -> "the filter";
            case "filter-action" -> "--action";
            case "action" -> keyPath.contains("dpd") ? "--dpd-action" : "--action";
            default -> keyPath;
        };
        return opt + ": ";
    }
}
