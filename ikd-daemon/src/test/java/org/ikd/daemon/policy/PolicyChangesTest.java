package org.ikd.daemon.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ikd.core.policy.Liveness;
import org.ikd.core.policy.NegotiationOptions;
import org.ikd.core.policy.Policy;
import org.ikd.daemon.TestPolicies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A reload keeps the SAs of rules it leaves alone and names the others (issue "daemon": reload). */
class PolicyChangesTest {
    @TempDir
    Path dir;

    private Policy policy(String esp, String secondRuleName) throws Exception {
        return policy(esp, secondRuleName, "");
    }

    /** {@code toB}: more lines of rule to-b. */
    private Policy policy(String esp, String secondRuleName, String toB) throws Exception {
        return TestPolicies.parse(dir, TestPolicies.host("""
            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "%s" } ]
            [filter-lists.b]
            filters = [ { source = "me", destination = "198.18.0.2" } ]
            [filter-lists.c]
            filters = [ { source = "me", destination = "198.18.0.3" } ]
            [[rules]]
            name = "to-b"
            filter-list = "b"
            filter-action = "esp"
            authentication = [ { psk-file = "t.psk" } ]
            %s
            [[rules]]
            name = "%s"
            filter-list = "c"
            filter-action = "permit"
            """.formatted(esp, toB, secondRuleName))).policy();
    }

    @Test
    void anUnchangedPolicyChangesNoRule() throws Exception {
        assertEquals(List.of(), PolicyChanges.changedRules(policy("aes128gcm16", "to-c"), policy("aes128gcm16", "to-c")));
    }

    @Test
    void aNewSecurityMethodChangesItsRuleOnly() throws Exception {
        assertEquals(List.of("to-b"), PolicyChanges.changedRules(policy("aes128gcm16", "to-c"), policy("aes256gcm16", "to-c")));
    }

    @Test
    void aRemovedRuleIsChanged() throws Exception {
        assertEquals(List.of("to-c"), PolicyChanges.changedRules(policy("aes128gcm16", "to-c"), policy("aes128gcm16", "other")));
    }

    @Test
    void aNewReplayWindowOrNatTraversalChangesItsRule() throws Exception {
        Policy before = policy("aes128gcm16", "to-c");
        assertEquals(List.of("to-b"), PolicyChanges.changedRules(before, policy("aes128gcm16", "to-c", "replay-window = 0")));
        assertEquals(List.of("to-b"), PolicyChanges.changedRules(before, policy("aes128gcm16", "to-c", "nat-traversal = \"off\"")));
        assertEquals(List.of(), PolicyChanges.changedRules(before, policy("aes128gcm16", "to-c", "replay-window = 64")),
                "the default written out is no change");
    }

    @Test
    void theFilesOptionsReachTheCoreRule() throws Exception {
        var rule = policy("aes128gcm16", "to-c", "replay-window = 256\nnat-traversal = \"force\"").rule("to-b").orElseThrow();
        assertEquals(new NegotiationOptions(256, NegotiationOptions.NatTraversal.FORCE).withLiveness(Liveness.DPD_OFF), rule.options());
        var draft = policy("aes128gcm16", "to-c", "nat-traversal = \"draft-02\"").rule("to-b").orElseThrow();
        assertEquals(NegotiationOptions.DEFAULT.withLiveness(Liveness.DPD_OFF), draft.options(),
                "draft-02 is auto per rule; its dialect is daemon-wide");
    }

    @Test
    void aNewDpdOrKeepaliveIsNoChangeTheEngineReadsItForItsNextProbe() throws Exception {
        Policy before = policy("aes128gcm16", "to-c", "");
        Policy after = policy("aes128gcm16", "to-c", "nat-keepalive = \"5s\"\ndpd = { delay = \"10s\", timeout = \"40s\", action = \"restart\" }");
        assertEquals(new Liveness(Duration.ofSeconds(10), Duration.ofSeconds(40), Liveness.DpdAction.RESTART, Duration.ofSeconds(5)),
                after.rule("to-b").orElseThrow().options().liveness());
        assertEquals(List.of(), PolicyChanges.changedRules(before, after), "the rule's SAs stay up");
        assertEquals(List.of("to-b"), PolicyChanges.changedRules(before, policy("aes128gcm16", "to-c", "replay-window = 128")));
    }

    private Policy withDefaultResponse(String esp, boolean enabled) throws Exception {
        return TestPolicies.parse(dir, TestPolicies.host("""
            [filter-actions.respond]
            action = "negotiate"
            methods = [ { esp = "%s" } ]
            [default-response]
            enabled = %s
            filter-action = "respond"
            authentication = [ { psk-file = "t.psk" } ]
            """.formatted(esp, enabled))).policy();
    }

    @Test
    void theDefaultResponseTurnedOffOrChangedIsChangedAndOtherwiseKept() throws Exception {
        Policy on = withDefaultResponse("aes128gcm16", true);
        assertEquals(List.of(), PolicyChanges.changedRules(on, withDefaultResponse("aes128gcm16", true)));
        assertEquals(List.of(Policy.DEFAULT_RESPONSE), PolicyChanges.changedRules(on, withDefaultResponse("aes256gcm16", true)));
        assertEquals(List.of(Policy.DEFAULT_RESPONSE), PolicyChanges.changedRules(on, withDefaultResponse("aes128gcm16", false)));
    }
}
