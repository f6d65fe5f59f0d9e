package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ikd.core.ike.FragmentationSettings;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.MainModeSettings;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/**
 * Reads a policy file (docs/policy-reference.md) into a {@link ParsedPolicy}, or throws a
 * {@link PolicyFileException} listing every error found. Stateless apart from the host
 * addresses that {@code me} stands for (unless the file sets {@code local-addresses}).
 *
 * <ol>
 *   <li>The file: a regular file, strict UTF-8, within {@link PolicyFileInput}'s limits (checked before
 *       tomlj builds its parse tree); then TOML syntax (tomlj). On errors stop there, the rest would only be noise.</li>
 *   <li>Top-level keys, {@code local-addresses} and the IKE fragmentation keys.</li>
 *   <li>{@code [main-mode]}, then {@code [filter-lists.*]} and {@code [filter-actions.*]}.</li>
 *   <li>{@code [[rules]]} and their references; PSK and key files are checked and read here.</li>
 *   <li>{@code [default-response]}.</li>
 *   <li>Warnings: unused lists and actions, identical filters with different actions ({@link FilterConflicts}),
 *       rules that {@code me} leaves without a filter here.</li>
 * </ol>
 */
public final class PolicyFileParser {
    static final List<String> KEYS = List.of("name", "description", "local-addresses", "main-mode", "filter-lists",
            "filter-actions", "rules", "default-response", FragmentationSyntax.MODE_KEY, FragmentationSyntax.SIZE_KEY);
    static final List<String> DEFAULT_RESPONSE_KEYS = List.of("enabled", "filter-action", "authentication");

    private final List<InetAddress> hostAddresses;
    private final boolean fetchTickets;
    /** The text of the file being parsed: what the policy in force was made of (ikdctl policy export). */
    private String lastText;

    /** A parser for which {@code me} means nothing unless the file sets {@code local-addresses}. */
    public PolicyFileParser() {
        this(List.of());
    }

    /** @param hostAddresses this host's addresses: what {@code me} means when the file does not say */
    public PolicyFileParser(List<InetAddress> hostAddresses) {
        this(hostAddresses, true);
    }

    private PolicyFileParser(List<InetAddress> hostAddresses, boolean fetchTickets) {
        this.hostAddresses = List.copyOf(hostAddresses);
        this.fetchTickets = fetchTickets;
    }

    /** The same parser for a check ({@code ikd check}): keytabs are read, but no KDC is asked for a ticket. */
    public PolicyFileParser withoutKdc() {
        return new PolicyFileParser(hostAddresses, false);
    }

    public ParsedPolicy parse(Path file) throws PolicyFileException {
        Diagnostics log = new Diagnostics(file);
        TomlParseResult toml = read(file, log);
        if (toml == null) throw log.exception();
        TomlSection root = new TomlSection(toml, "", Location.FILE, log);
        root.allowOnly(KEYS);
        String name = root.string("name").map(TomlSection.Item::value).orElse(stem(file));
        String description = root.string("description").map(TomlSection.Item::value).orElse("");
        List<InetAddress> local = new ArrayList<>();
        for (TomlSection.Item i : root.strings("local-addresses", false)) AddressSyntax.address(i, log).ifPresent(local::add);
        FragmentationSettings fragmentation = FragmentationSyntax.parse(root, log);

        AlgorithmNames names = new AlgorithmNames();
        MainModeSettings mainMode = new MainModeSection(names, log).parse(root.table("main-mode"));
        FilterListSection lists = new FilterListSection(log);
        lists.parse(root.table("filter-lists"));
        FilterActionSection actions = new FilterActionSection(names, log,
                mainMode == null ? null : mainMode.methods().get(0).group());
        actions.parse(root.table("filter-actions"));
        AuthenticationSection authentication = new AuthenticationSection(file.toAbsolutePath().getParent(), log, fetchTickets);
        RuleSection rules = new RuleSection(log, lists, actions, authentication);
        List<ParsedRule> parsedRules = rules.parse(root);
        DefaultResponse defaultResponse = root.table("default-response")
                .map(s -> defaultResponse(s, actions, rules, authentication)).orElse(null);
        if (log.hasErrors()) {
            authentication.destroyKeys();
            throw log.exception();
        }

        warnUnused(lists, actions, rules, log);
        FilterConflicts.warn(parsedRules, rules.names, log);
        DaemonSettings settings = new DaemonSettings(description, local, defaultResponse, fragmentation);
        ParsedPolicy policy = ParsedPolicy.resolve(file, name, mainMode, parsedRules, settings, hostAddresses, List.of(), lastText);
        warnInactive(policy, rules, log);
        if (parsedRules.isEmpty()) log.warn(root.at("rules"), "no rules: ikd protects no traffic");
        return new ParsedPolicy(file, policy.policy(), parsedRules, settings, policy.meAddresses(), log.warnings(), lastText);
    }

    private TomlParseResult read(Path file, Diagnostics log) {
        if (!Files.exists(file)) {
            log.error(Location.FILE, "no such file", "a TOML policy file");
            return null;
        }
        if (!KeyFile.checkExists(file, "policy file", Location.FILE, log)) return null;
        if (!KeyFile.checkNotWorldWritable(file, "policy file", Location.FILE, log)) return null;
        String text = PolicyFileInput.read(file, log);
        if (text == null) return null;
        lastText = text;
        TomlParseResult toml;
        try {
            toml = Toml.parse(text);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            // tomlj 2.2.0 fails on some malformed files instead of reporting them: NullPointerException in
            // ValueVisitor (inline tables), AssertionError in LineVisitor.recordHeader (with -ea). Found by fuzzing.
            log.error(Location.FILE, "TOML syntax: the TOML parser gave up on this file (" + e.getClass().getSimpleName()
                    + "); look for an unclosed inline table { ... } or array [ ... ]", "a valid TOML file");
            return null;
        } catch (OutOfMemoryError e) {
            // PolicyFileInput's limits keep the parse tree well under the heap; this is the last guard, and the
            // tree is garbage once we return, so a reload that fails here leaves the daemon as it was.
            log.error(Location.FILE, "the TOML parse ran out of memory (max heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB); " + PolicyFileInput.WHY, null);
            return null;
        }
        for (TomlParseError e : toml.errors())
            log.error(Location.of("", e.position(), Location.FILE), "TOML syntax: " + e.getMessage(), null);
        return toml.hasErrors() ? null : toml;
    }

    private static DefaultResponse defaultResponse(TomlSection s, FilterActionSection actions, RuleSection rules,
                                                   AuthenticationSection authentication) {
        Diagnostics log = s.log();
        int before = log.errorCount();
        s.allowOnly(DEFAULT_RESPONSE_KEYS);
        boolean enabled = s.bool("enabled", false);
        FilterAction.Negotiate action = actions.defaultNegotiate("default-response");
        Optional<TomlSection.Item> named = s.string("filter-action");
        if (named.isPresent()) {
            String n = named.get().value();
            rules.usedActions.add(n);
            FilterAction a = actions.parsed.get(n);
            if (!actions.isDefined(n))
                log.unknown(named.get().at(), "filter action", n, actions.names());
            else if (a instanceof FilterAction.Negotiate negotiate) action = negotiate;
            else if (a != null)
                log.error(named.get().at(), "filter action '" + n + "' does not negotiate", "a filter action with action = \"negotiate\"");
        }
        int beforeAuth = log.errorCount();
        List<AuthenticationMethod> auth = authentication.parse(s, "authentication");
        if (enabled && auth.isEmpty() && log.errorCount() == beforeAuth)
            log.error(s.has("authentication") ? s.at("authentication") : s.at(), "the default response has no authentication method",
                    "authentication = [ { psk-file = \"/etc/ikd/default.psk\" } ]");
        if (!enabled || log.errorCount() > before) return null;
        return new DefaultResponse(action, auth);
    }

    private static void warnUnused(FilterListSection lists, FilterActionSection actions, RuleSection rules, Diagnostics log) {
        lists.defined.forEach((n, at) -> {
            if (!rules.usedLists.contains(n)) log.warn(at, "filter list '" + n + "' is used by no rule");
        });
        actions.defined.forEach((n, at) -> {
            if (!rules.usedActions.contains(n)) log.warn(at, "filter action '" + n + "' is used by no rule");
        });
    }

    private static void warnInactive(ParsedPolicy policy, RuleSection rules, Diagnostics log) {
        String me = policy.meAddresses().isEmpty() ? "none is known"
                : policy.meAddresses().stream().map(AddressText::of).collect(Collectors.joining(", "));
        for (ParsedRule r : policy.rules()) {
            Location at = rules.names.getOrDefault(r.name(), Location.FILE);
            if (!r.enabled()) log.warn(at, "rule '" + r.name() + "' is disabled (enabled = false)");
            else if (policy.policy().rule(r.name()).isEmpty())
                log.warn(at, "rule '" + r.name() + "' is inactive on this host: 'me' in filter list '" + r.filterList().name()
                        + "' matches none of its addresses (" + me + "); set local-addresses or check the host's addresses");
        }
    }

    private static String stem(Path file) {
        String n = String.valueOf(file.getFileName());
        return n.endsWith(".toml") ? n.substring(0, n.length() - 5) : n;
    }
}
