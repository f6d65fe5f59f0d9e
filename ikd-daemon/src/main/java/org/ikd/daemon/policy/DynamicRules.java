package org.ikd.daemon.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.ParsedRule;
import org.ikd.daemon.policyfile.PolicyFileException;
import org.ikd.daemon.policyfile.PolicyFileParser;

/**
 * The rules added with {@code ikdctl policy add} (ipsecpol's dynamic mode): kept in memory only,
 * in the order they were added, and placed ahead of the file's rules, so that a dynamic rule
 * takes effect even where a rule of the file covers the same traffic. A dynamic rule is checked
 * by the policy file parser ({@link RuleSnippet}); its PSK file is read once, when it is added.
 * Guarded by the lock of the daemon's PolicyUpdates.
 */
public final class DynamicRules {
    private final List<ParsedRule> rules = new ArrayList<>();
    /** Each dynamic rule as a one-rule policy file (what ikdctl policy export prints), by name. */
    private final java.util.Map<String, String> texts = new java.util.HashMap<>();

    /** Checks {@code wanted} against the running policy; the parsed rule, not yet added. */
    public ParsedRule parse(DynamicRule wanted, ParsedPolicy running) throws ControlException {
        String name = wanted.name() == null ? "" : wanted.name();
        if (name.isBlank()) throw invalid("the rule needs a NAME (e.g. ikdctl policy add lab2 ...)");
        if (find(name).isPresent())
            throw invalid("a dynamic rule named '" + name + "' exists already: ikdctl policy delete " + name + " first");
        if (running.rule(name).isPresent())
            throw invalid("the policy file " + running.file() + " has a rule named '" + name + "': choose another name");
        if (wanted.filters().isEmpty()) throw invalid("the rule needs a filter (--source and --destination)");
        DynamicRule.Options o = wanted.options();
        boolean cert = o.certificate() != null || o.key() != null || !o.cas().isEmpty();
        if (!"negotiate".equals(wanted.action()) && (!wanted.securityMethods().isEmpty() || wanted.pskFile() != null
                || wanted.pfsGroup() != null || wanted.tunnelEndpoint() != null || cert))
            throw invalid("--method, --pfs, --psk-file, --cert and --tunnel apply to --action negotiate only, not to " + wanted.action());
        if ("negotiate".equals(wanted.action()) && wanted.pskFile() == null && !cert)
            throw invalid("--psk-file or --cert: --action negotiate needs a pre-shared key file (mode 0600, readable by ikd)"
                    + " or a certificate (--cert, --key, --ca)");
        if (cert && (o.certificate() == null || o.key() == null || o.cas().isEmpty()))
            throw invalid("--cert, --key and --ca go together (our certificate, its private key, the CAs we trust)");
        // ikdctl makes paths absolute from its working directory; another client's relative path
        // would resolve against the temporary rule file's directory, a place nobody meant
        List<String[]> paths = new ArrayList<>(List.of(new String[] {"--psk-file", wanted.pskFile()},
                new String[] {"--cert", o.certificate()}, new String[] {"--key", o.key()}, new String[] {"--crl", o.crl()}));
        o.cas().forEach(ca -> paths.add(new String[] {"--ca", ca}));
        for (String[] p : paths)
            if (p[1] != null && !Path.of(p[1]).isAbsolute())
                throw invalid(p[0] + ": '" + p[1] + "' is a relative path (expected: an absolute path; ikdctl resolves a"
                        + " relative one from its working directory)");
        ParsedRule parsed = check(wanted, running);
        texts.put(parsed.name(), RuleSnippet.toml(wanted, running.policy().mainMode()));
        Optional<Rule> here = parsed.resolve(running.meAddresses());
        if (here.isEmpty()) {
            destroy(parsed);
            throw invalid("no filter of rule '" + name + "' applies on this host: 'me' is " + running.meAddresses());
        }
        return parsed;
    }

    /** A rule read from a drop-in file, with that file's text. */
    public void add(ParsedRule r, String text) {
        texts.put(r.name(), text);
        add(r);
    }

    /** The dynamic rules in force, in order, as policy files: name to text. */
    public java.util.Map<String, String> texts() {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ParsedRule r : rules) out.put(r.name(), texts.getOrDefault(r.name(), "# (no text kept)\n"));
        return out;
    }

    public void add(ParsedRule r) {
        rules.add(r);
    }

    /** Removes the dynamic rule {@code name}; its keys are the caller's to destroy. */
    public ParsedRule remove(String name) throws ControlException {
        ParsedRule r = find(name).orElseThrow(() -> new ControlException(ErrorCode.NOT_FOUND, "no dynamic rule '" + name
                + "' (dynamic rules: " + (rules.isEmpty() ? "none" : names()) + "; rules of the policy file change"
                + " only with the file and ikdctl reload)"));
        rules.remove(r);
        return r;
    }

    /**
     * The file's policy with the dynamic rules ahead of its own rules; a dynamic rule whose name
     * the file now uses is dropped (and returned in {@code dropped}).
     */
    public ParsedPolicy compose(ParsedPolicy file, List<String> dropped) {
        List<Rule> active = new ArrayList<>();
        List<ParsedRule> all = new ArrayList<>(file.rules());
        for (var it = rules.iterator(); it.hasNext(); ) {
            ParsedRule r = it.next();
            if (file.rule(r.name()).isPresent()) {
                dropped.add(r.name());
                it.remove();
                continue;
            }
            all.add(r);
            r.resolve(file.meAddresses()).ifPresent(x -> active.add(dynamic(x)));
        }
        active.addAll(file.policy().rules());
        Policy p = file.policy();
        return new ParsedPolicy(file.file(), new Policy(p.name(), p.mainMode(), active, p.defaultResponse()), all,
                file.settings(), file.meAddresses(), file.warnings(), file.source());
    }

    public int size() {
        return rules.size();
    }

    public String names() {
        return rules.stream().map(ParsedRule::name).collect(Collectors.joining(", "));
    }

    public static void destroy(ParsedRule r) {
        for (var m : r.authentication())
            if (m instanceof org.ikd.core.policy.AuthenticationMethod.PreSharedKey psk) psk.key().destroy();
    }

    private Optional<ParsedRule> find(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private static Rule dynamic(Rule r) {
        return new Rule(r.name(), r.filterList(), r.action(), r.authentication(), r.tunnelEndpoint(), r.localTunnelEndpoint(), true,
                r.options());
    }

    /** Parses the rule as a one-rule policy file (0600, deleted at once); errors named by option. */
    private static ParsedRule check(DynamicRule wanted, ParsedPolicy running) throws ControlException {
        String text;
        try {
            text = RuleSnippet.toml(wanted, running.policy().mainMode());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        Path file = null;
        try {
            file = Files.createTempFile("ikd-dynamic-", ".toml", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text);
            ParsedPolicy one = new PolicyFileParser(running.meAddresses()).parse(file);
            return one.rule(wanted.name()).orElseThrow(() -> invalid("the rule was not understood"));
        } catch (PolicyFileException e) {
            throw invalid(e.errors().stream().map(RuleSnippet::describe).collect(Collectors.joining("; ")));
        } catch (IOException e) {
            throw new ControlException(ErrorCode.FAILED, "cannot check the rule: " + e.getMessage(), e);
        } finally {
            if (file != null) quietlyDelete(file);
        }
    }

    private static void quietlyDelete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a 0600 temporary file without secrets: the PSK stays in its own file
        }
    }

    private static ControlException invalid(String why) {
        return new ControlException(ErrorCode.INVALID, "dynamic rule refused: " + why);
    }
}
