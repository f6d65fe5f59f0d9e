package org.ikd.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.ErrorCode;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.policyfile.ParsedRule;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ikdctl policy add/delete} (issue 6: dynamic policy): checked like a file, ahead of the file's rules. */
class DynamicRulesTest {
    @TempDir
    Path dir;

    private ParsedPolicy file;
    private final DynamicRules dynamic = new DynamicRules();

    @BeforeEach
    void parseTheFile() throws Exception {
        file = TestPolicies.parse(dir, TestPolicies.host("""
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "permit"
            """));
    }

    private DynamicRule rule(String name, String destination, String action, List<String> methods, String psk) {
        return new DynamicRule(name, List.of(new DynamicRule.FilterSpec("me", destination, "tcp", null, 22, true)), action,
                methods, 600L, null, action.equals("negotiate") ? "modp2048" : null, false, false, psk == null ? null : dir.resolve(psk).toString(), null);
    }

    @Test
    void aNegotiateRuleIsParsedWithItsMethodsPfsPortsAndKey() throws Exception {
        ParsedRule r = dynamic.parse(rule("lab2", "198.18.0.3", "negotiate", List.of("esp:aes128gcm16", "ah:sha1+esp:aes128-sha1"), "t.psk"), file);
        Rule core = r.resolve(file.meAddresses()).orElseThrow();
        FilterAction.Negotiate n = (FilterAction.Negotiate) core.action();
        assertEquals(2, n.methods().size());
        assertEquals("esp:aes128gcm16", n.methods().get(0).toString());
        assertEquals("ah:sha1+esp:aes128-sha1", n.methods().get(1).toString());
        assertEquals(600, n.methods().get(0).lifetimeSeconds());
        assertTrue(n.sessionKeyPfs());
        assertEquals("modp2048", n.pfsGroup().keyword());
        String filter = core.filterList().filters().get(0).toString();
        assertTrue(filter.contains("198.18.0.1") && filter.contains("198.18.0.3") && filter.contains("22"), filter);
        assertEquals(1, core.authentication().size());
    }

    @Test
    void composedPolicyPutsDynamicRulesFirstAndMarksThem() throws Exception {
        dynamic.add(dynamic.parse(rule("lab2", "198.18.0.3", "block", List.of(), null), file));
        ParsedPolicy p = dynamic.compose(file, new ArrayList<>());
        assertEquals(List.of("lab2", "to-b"), p.policy().rules().stream().map(Rule::name).toList());
        assertTrue(p.policy().rules().get(0).dynamic());
        assertFalse(p.policy().rules().get(1).dynamic());
        assertTrue(p.policy().rules().get(0).action() instanceof FilterAction.Block);
        assertEquals(file.file(), p.file());
    }

    @Test
    void deletingForgetsTheRule() throws Exception {
        dynamic.add(dynamic.parse(rule("lab2", "198.18.0.3", "permit", List.of(), null), file));
        assertEquals("lab2", dynamic.remove("lab2").name());
        assertEquals(List.of("to-b"), dynamic.compose(file, new ArrayList<>()).policy().rules().stream().map(Rule::name).toList());
        ControlException e = assertThrows(ControlException.class, () -> dynamic.remove("lab2"));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
    }

    @Test
    void aFileRuleOfTheSameNameReplacesTheDynamicOneAtReload() throws Exception {
        dynamic.add(dynamic.parse(rule("lab2", "198.18.0.3", "permit", List.of(), null), file));
        ParsedPolicy reloaded = TestPolicies.parse(dir, TestPolicies.host("""
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [[rules]]
            name = "lab2"
            filter-list = "b"
            filter-action = "block"
            """));
        List<String> dropped = new ArrayList<>();
        ParsedPolicy p = dynamic.compose(reloaded, dropped);
        assertEquals(List.of("lab2"), dropped);
        assertFalse(p.policy().rules().get(0).dynamic());
        assertEquals(0, dynamic.size());
    }

    @Test
    void anUnknownCipherIsNamedByItsOption() {
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.3", "negotiate", List.of("esp:aes127-sha1"), "t.psk"), file));
        assertEquals(ErrorCode.INVALID, e.code());
        assertTrue(e.getMessage().contains("--method: ") && e.getMessage().contains("aes127"), e.getMessage());
        assertFalse(e.getMessage().contains("ikd-dynamic-"), "no temporary file name: " + e.getMessage());
    }

    @Test
    void aBadAddressIsNamedByItsOption() {
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.300", "permit", List.of(), null), file));
        assertTrue(e.getMessage().contains("--destination: "), e.getMessage());
    }

    @Test
    void aMethodWithoutProtocolIsRefusedWithTheAcceptedSpelling() {
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.3", "negotiate", List.of("aes128-sha1"), "t.psk"), file));
        assertTrue(e.getMessage().contains("esp:aes128-sha1"), e.getMessage());
    }

    @Test
    void negotiatingWithoutAKeyIsRefused() {
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.3", "negotiate", List.of("esp:aes128gcm16"), null), file));
        assertTrue(e.getMessage().contains("--psk-file"), e.getMessage());
    }

    /** ikdctl sends absolute paths; a relative one would resolve against the temporary rule file's directory. */
    @Test
    void aRelativeKeyPathIsRefused() {
        DynamicRule relative = new DynamicRule("lab2", List.of(new DynamicRule.FilterSpec("me", "198.18.0.3", "tcp", null, 22, true)),
                "negotiate", List.of("esp:aes128gcm16"), null, null, null, false, false, "t.psk", null);
        ControlException e = assertThrows(ControlException.class, () -> dynamic.parse(relative, file));
        assertTrue(e.getMessage().contains("--psk-file: 't.psk' is a relative path (expected: an absolute path;"), e.getMessage());
    }

    @Test
    void methodsWithPermitAreRefused() {
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.3", "permit", List.of("esp:aes128gcm16"), null), file));
        assertTrue(e.getMessage().contains("--action negotiate only"), e.getMessage());
    }

    @Test
    void aNameTakenByTheFileOrAnotherDynamicRuleIsRefused() throws Exception {
        ControlException fileName = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("to-b", "198.18.0.3", "permit", List.of(), null), file));
        assertTrue(fileName.getMessage().contains("choose another name"), fileName.getMessage());
        dynamic.add(dynamic.parse(rule("lab2", "198.18.0.3", "permit", List.of(), null), file));
        ControlException twice = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.4", "permit", List.of(), null), file));
        assertTrue(twice.getMessage().contains("ikdctl policy delete lab2"), twice.getMessage());
    }

    @Test
    void aQuoteInANameCannotInjectTomlKeys() {
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("x\"\nfilter-action = \"block", "198.18.0.3", "permit", List.of(), null), file));
        assertEquals(ErrorCode.INVALID, e.code());
    }

    @Test
    void aWorldReadableKeyFileIsRefusedWithTheFix() throws Exception {
        Path loose = dir.resolve("loose.psk");
        java.nio.file.Files.writeString(loose, "secret\n");
        java.nio.file.Files.setPosixFilePermissions(loose, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        ControlException e = assertThrows(ControlException.class,
                () -> dynamic.parse(rule("lab2", "198.18.0.3", "negotiate", List.of("esp:aes128gcm16"), "loose.psk"), file));
        assertTrue(e.getMessage().contains("--psk-file: ") && e.getMessage().contains("chmod"), e.getMessage());
    }

    /** --aggressive: the rule key aggressive = true reaches the core rule's options, as the file's does. */
    @Test
    void anAggressiveRuleCarriesTheOptionToTheCoreRule() throws Exception {
        DynamicRule base = rule("rw", "198.18.0.3", "negotiate", List.of("esp:aes128gcm16"), "t.psk");
        DynamicRule.Options aggressive = new DynamicRule.Options(null, null, List.of(), null, null, "group:vpngroup", null, null,
                null, null, null, null, false, true);
        DynamicRule r = new DynamicRule(base.name(), base.filters(), base.action(), base.securityMethods(), base.lifetimeSeconds(),
                base.lifetimeKilobytes(), base.pfsGroup(), false, false, base.pskFile(), null, aggressive);
        ParsedRule parsed = dynamic.parse(r, file);
        assertTrue(parsed.resolve(file.meAddresses()).orElseThrow().options().aggressive(), parsed.toString());
        assertTrue(RuleSnippet.toml(r, file.policy().mainMode()).contains("aggressive = true\n"));
    }
}
