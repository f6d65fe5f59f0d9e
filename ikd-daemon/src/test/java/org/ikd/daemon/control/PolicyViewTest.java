package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

class PolicyViewTest {
    private static final String PSK = "correct horse battery staple";

    static Policy policy() throws Exception {
        Selector hosts = Selector.between(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.0.2"));
        Selector web = new Selector(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.9.0/24"), 6, PortRange.ANY, PortRange.single(80));
        Rule negotiate = new Rule("hosts", new FilterList("lab-hosts", List.of(new Filter(hosts, true))),
                new FilterAction.Negotiate("require-esp", List.of(
                        new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 100_000),
                        new SecurityMethod(EspCipher.AES_GCM_16, 256, null, null, 0, 0)),
                        true, DhGroupId.MODP_2048, true, false),
                List.of(new AuthenticationMethod.PreSharedKey(Secret.of(PSK.getBytes(StandardCharsets.UTF_8)), "/etc/ikd/lab.psk")),
                null, null, false);
        Rule permit = new Rule("web", new FilterList("web", List.of(new Filter(web, false))), new FilterAction.Permit("pass"),
                List.of(), InetAddress.getByName("198.18.0.9"), null, true);
        MainModeSettings mm = new MainModeSettings(List.of(new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256,
                DhGroupId.MODP_2048)), 28800, false, 0);
        return new Policy("lab", mm, List.of(negotiate, permit),
                Policy.defaultResponse((FilterAction.Negotiate) negotiate.action(), negotiate.authentication()));
    }

    @Test
    void describesRulesInPriorityOrderWithoutTheirKeys() throws Exception {
        PolicyView v = PolicyView.from(policy(), "/etc/ikd/policy.toml");
        assertEquals(new PolicyView.MainMode(List.of("aes128-sha256-modp2048"), 28800, false, 0), v.mainMode());
        RuleView hosts = v.rules().get(0);
        assertEquals(List.of("198.18.0.1 -> 198.18.0.2 (mirrored)"), hosts.filters());
        assertEquals(List.of("esp:aes128-sha1 (3600s, 100000KB)", "esp:aes256gcm16 (no time limit, no volume limit)"),
                hosts.securityMethods());
        assertEquals("modp2048", hosts.pfsGroup());
        assertEquals(List.of("psk from /etc/ikd/lab.psk"), hosts.authentication());
        assertEquals("negotiate", hosts.action());
        RuleView web = v.rules().get(1);
        assertEquals("permit", web.action());
        assertEquals("198.18.0.9", web.tunnelEndpoint());
        assertNull(web.pfsGroup());
        String json = ControlJson.compact(v);
        assertFalse(json.contains("horse"), json);
        assertFalse(json.contains(java.util.HexFormat.of().formatHex(PSK.getBytes(StandardCharsets.UTF_8))), json);
    }

    @Test
    void expandsMirroredFiltersRightAfterTheirOriginal() throws Exception {
        FilterTable t = FilterTable.from(policy());
        assertEquals(List.of(
                new FilterTable.Entry(1, "hosts", "198.18.0.1", "any", "198.18.0.2", "any", "any", "negotiate", false, false),
                new FilterTable.Entry(2, "hosts", "198.18.0.2", "any", "198.18.0.1", "any", "any", "negotiate", true, false),
                new FilterTable.Entry(3, "web", "198.18.0.1", "any", "198.18.9.0/24", "80", "tcp", "permit", false, true)),
                t.filters());
    }
}
