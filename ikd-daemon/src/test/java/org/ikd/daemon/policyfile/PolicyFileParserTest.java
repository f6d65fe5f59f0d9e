package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid policies: the model must say exactly what docs/policy-reference.md says the file means. */
class PolicyFileParserTest {
    @TempDir
    Path dir;
    PolicyFiles files;
    final PkiFiles pki = new PkiFiles();

    @BeforeEach
    void keyFiles() {
        files = new PolicyFiles(dir);
        files.psk("peer-b.psk", "peer b key\n");
        files.psk("gw.psk", "0x00ff10\n");
        pki.writeTo(files);
    }

    private ParsedPolicy full() throws PolicyFileException {
        return files.parse(files.resource("full.toml"));
    }

    private static Selector selector(String src, String dst, int protocol, PortRange sp, PortRange dp) {
        return new Selector(Subnet.parse(src), Subnet.parse(dst), protocol, sp, dp);
    }

    @Test
    void readsMainModeSettings() throws Exception {
        MainModeSettings mm = full().policy().mainMode();
        assertEquals(List.of(
                new MainModeMethod(Phase1Cipher.AES_CBC, 256, HashAlgorithm.SHA2_256, DhGroupId.MODP_3072),
                new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA1, DhGroupId.ECP_256),
                new MainModeMethod(Phase1Cipher.TRIPLE_DES_CBC, 192, HashAlgorithm.SHA1, DhGroupId.MODP_1024)), mm.methods());
        assertEquals(2 * 3600 + 30 * 60, mm.lifetimeSeconds());      // "2h30m"
        assertTrue(mm.masterKeyPfs());
        assertEquals(1, mm.quickModeLimit());
    }

    @Test
    void keepsEnabledRulesInFileOrderAndLeavesDisabledOnesOut() throws Exception {
        ParsedPolicy p = full();
        assertEquals(List.of("to-b", "web", "branch"), p.policy().rules().stream().map(Rule::name).toList());
        assertEquals(List.of("old"), p.inactiveRules());
        assertEquals("full", p.policy().name());
        assertEquals("every key", p.settings().description());
    }

    @Test
    void resolvesMeWithTheFilesLocalAddresses() throws Exception {
        // local-addresses = ["198.18.0.1", "2001:db8::1"] wins over the parser's 198.18.0.1.
        Rule toB = full().policy().rule("to-b").orElseThrow();
        assertEquals(List.of(
                new Filter(selector("198.18.0.1", "198.18.0.2", 0, PortRange.ANY, PortRange.ANY), true),
                new Filter(selector("2001:db8::1", "2001:db8::2", 0, PortRange.ANY, PortRange.ANY), true)),
                toB.filterList().filters());
    }

    @Test
    void resolvesAnyToTheFamilyOfTheOtherSide() throws Exception {
        Rule web = full().policy().rule("web").orElseThrow();
        PortRange https = PortRange.single(443);
        assertEquals(List.of(
                new Filter(selector("0.0.0.0/0", "198.18.0.1", 6, PortRange.ANY, https), false),
                new Filter(selector("::/0", "2001:db8::1", 6, PortRange.ANY, https), false),
                new Filter(selector("198.18.0.0/24", "198.18.0.1", 17, PortRange.ANY, new PortRange(1024, 65535)), true)),
                web.filterList().filters());
        assertInstanceOf(FilterAction.Permit.class, web.action());
    }

    @Test
    void readsSecurityMethodsInOrder() throws Exception {
        FilterAction.Negotiate strong = (FilterAction.Negotiate) full().policy().rule("to-b").orElseThrow().action();
        assertEquals(List.of(
                new SecurityMethod(EspCipher.AES_GCM_16, 256, null, null, 20 * 60, 50_000),
                new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA2_256_128, null, 3600, 100_000),
                new SecurityMethod(EspCipher.TRIPLE_DES_CBC, 192, null, IntegrityAlgorithm.HMAC_SHA1_96, 3600, 100_000),
                new SecurityMethod(null, 0, null, IntegrityAlgorithm.HMAC_SHA2_512_256, 3600, 100_000)), strong.methods());
        assertTrue(strong.sessionKeyPfs());
        assertEquals(DhGroupId.ECP_384, strong.pfsGroup());
        assertTrue(strong.acceptUnsecured());
        assertFalse(strong.fallbackToClear());
    }

    @Test
    void pfsTrueTakesTheGroupOfTheFirstMainModeMethodAndMissingMethodsTakeTheDefaults() throws Exception {
        FilterAction.Negotiate a = (FilterAction.Negotiate) full().policy().rule("branch").orElseThrow().action();
        assertEquals(DhGroupId.MODP_3072, a.pfsGroup());
        assertEquals(List.of(
                new SecurityMethod(EspCipher.AES_GCM_16, 128, null, null, 3600, 100_000),
                new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA2_256_128, null, 3600, 100_000),
                new SecurityMethod(EspCipher.AES_CBC, 128, IntegrityAlgorithm.HMAC_SHA1_96, null, 3600, 100_000)), a.methods());
    }

    @Test
    void readsAuthenticationMethodsInOrder() throws Exception {
        List<AuthenticationMethod> auth = full().policy().rule("to-b").orElseThrow().authentication();
        AuthenticationMethod.PreSharedKey psk = (AuthenticationMethod.PreSharedKey) auth.get(0);
        assertArrayEquals("peer b key".getBytes(StandardCharsets.UTF_8), psk.key().reveal());
        assertEquals(dir.resolve("peer-b.psk").toString(), psk.source());
        AuthenticationMethod.Certificate cert = (AuthenticationMethod.Certificate) auth.get(1);
        assertEquals(dir.resolve("host.pem"), cert.certificate());
        assertEquals(dir.resolve("host.key"), cert.privateKey());
        assertEquals(List.of(dir.resolve("ca.pem")), cert.trustAnchors());
        assertEquals(dir.resolve("ca.crl"), cert.crl());
        // the files' contents, parsed: what the engine signs and validates with
        assertEquals(pki.host, cert.credential().certificate());
        assertEquals(pki.hostKeys.getPrivate(), cert.credential().privateKey());
        assertEquals(List.of(pki.ca), cert.trust().anchors());
        assertEquals(List.of(pki.crl), cert.trust().crls());
    }

    @Test
    void reportsACertificateFileThatHoldsNoCertificate() {
        files.psk("host.pem", "not a certificate\n", "rw-r--r--");
        PolicyFileException e = assertThrows(PolicyFileException.class, this::full);
        assertTrue(e.getMessage().contains(dir.resolve("host.pem") + ": not an X.509 certificate"), e.getMessage());
    }

    @Test
    void reportsAPrivateKeyOfAnotherTypeThanTheCertificate() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        files.psk("host.key", PkiFiles.pem(g.generateKeyPair().getPrivate()), "r--------");
        PolicyFileException e = assertThrows(PolicyFileException.class, this::full);
        assertTrue(e.getMessage().contains("the private key is RSA but the certificate of 'CN=host' holds a EC key"), e.getMessage());
    }

    @Test
    void readsAHexPskFile() throws Exception {
        AuthenticationMethod.PreSharedKey psk = (AuthenticationMethod.PreSharedKey)
                full().policy().rule("branch").orElseThrow().authentication().get(0);
        assertArrayEquals(new byte[] {0x00, (byte) 0xff, 0x10}, psk.key().reveal());
    }

    @Test
    void trimsOnlyOneTrailingNewlineOfAPskFile() throws Exception {
        files.psk("peer-b.psk", "two newlines\n\n");
        files.psk("gw.psk", "crlf\r\n");
        ParsedPolicy p = full();
        byte[] first = ((AuthenticationMethod.PreSharedKey) p.policy().rule("to-b").orElseThrow().authentication().get(0)).key().reveal();
        byte[] second = ((AuthenticationMethod.PreSharedKey) p.policy().rule("branch").orElseThrow().authentication().get(0)).key().reveal();
        assertArrayEquals("two newlines\n".getBytes(StandardCharsets.UTF_8), first);
        assertArrayEquals("crlf".getBytes(StandardCharsets.UTF_8), second);
    }

    @Test
    void readsTunnelEndpointsAndRuleOptions() throws Exception {
        ParsedPolicy p = full();
        Rule branch = p.policy().rule("branch").orElseThrow();
        assertEquals(PolicyFiles.HOST_B, branch.tunnelEndpoint());
        assertEquals(PolicyFiles.HOST_A, branch.localTunnelEndpoint());
        assertEquals(new IkeIdentity(IkeIdentity.Type.DER_ASN1_DN, "C=DE, O=Lab, CN=gw-b"), p.options("branch").orElseThrow().peerId());

        RuleOptions o = p.options("to-b").orElseThrow();
        assertEquals("transport mode to B", o.description());
        assertEquals(new IkeIdentity(IkeIdentity.Type.FQDN, "a.example.net"), o.localId());
        assertEquals(new IkeIdentity(IkeIdentity.Type.USER_FQDN, "admin@example.net"), o.peerId());
        assertEquals(new DeadPeerDetection(15, 60, DeadPeerDetection.Action.RESTART), o.dpd());
        assertEquals(NatTraversalMode.FORCE, o.natTraversal());
        assertEquals(256, o.replayWindow());
        assertNull(p.policy().rule("to-b").orElseThrow().tunnelEndpoint(), "no tunnel key: transport mode");
    }

    @Test
    void readsTheDefaultResponse() throws Exception {
        ParsedPolicy p = full();
        assertTrue(p.policy().hasDefaultResponse());
        assertEquals("strong", p.settings().defaultResponse().action().name());
        assertInstanceOf(AuthenticationMethod.PreSharedKey.class, p.settings().defaultResponse().authentication().get(0));
    }

    @Test
    void warnsAboutTheDisabledRuleOnly() throws Exception {
        List<Diagnostic> w = full().warnings();
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).toString().contains("full.toml:75:1: warning: rules[3].name: rule 'old' is disabled"), w.get(0).toString());
    }

    @Test
    void appliesTheDocumentedDefaults() throws Exception {
        ParsedPolicy p = files.parse(PolicyFiles.negotiateRule("{ psk-file = \"peer-b.psk\" }"));
        MainModeSettings mm = p.policy().mainMode();
        assertEquals(List.of(
                new MainModeMethod(Phase1Cipher.AES_CBC, 256, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048),
                new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA2_256, DhGroupId.MODP_2048),
                new MainModeMethod(Phase1Cipher.AES_CBC, 128, HashAlgorithm.SHA1, DhGroupId.MODP_2048)), mm.methods());
        assertEquals(480 * 60, mm.lifetimeSeconds());
        assertFalse(mm.masterKeyPfs());
        assertEquals(0, mm.quickModeLimit());
        Rule r = p.policy().rules().get(0);
        assertTrue(r.filterList().filters().get(0).mirrored());
        FilterAction.Negotiate a = (FilterAction.Negotiate) r.action();
        assertFalse(a.sessionKeyPfs());
        assertFalse(a.acceptUnsecured());
        assertFalse(a.fallbackToClear());
        assertEquals(new RuleOptions("", null, null, null, NatTraversalMode.AUTO, 64), p.options("r").orElseThrow());
        assertFalse(p.policy().hasDefaultResponse());
        assertEquals("policy", p.policy().name(), "the file name without .toml");
    }

    @Test
    void leavesARuleInactiveWhileMeMatchesNoAddressAndActivatesItWhenOneAppears() throws Exception {
        Path file = files.write("policy.toml", """
                [filter-lists.l]
                filters = [ { source = "me", destination = "2001:db8::2" } ]
                [[rules]]
                name = "r"
                filter-list = "l"
                filter-action = "block"
                """);
        ParsedPolicy p = files.parse(file);                 // the host has only 198.18.0.1
        assertEquals(List.of("r"), p.inactiveRules());
        assertTrue(p.warnings().toString().contains("rule 'r' is inactive on this host"), p.warnings().toString());
        ParsedPolicy later = p.withHostAddresses(List.of(PolicyFiles.HOST_A, PolicyFiles.address("2001:db8::1")));
        assertEquals(List.of(), later.inactiveRules());
        assertEquals(new Filter(selector("2001:db8::1", "2001:db8::2", 0, PortRange.ANY, PortRange.ANY), true),
                later.policy().rule("r").orElseThrow().filterList().filters().get(0));
    }

    @Test
    void warnsAboutUnusedListsAndActionsAndWeakAlgorithms() throws Exception {
        ParsedPolicy p = files.parse("""
                [main-mode]
                methods = ["des-md5-modp768"]
                [filter-lists.unused]
                filters = [ { source = "any", destination = "any" } ]
                [filter-actions.unused]
                action = "block"
                """);
        String w = p.warnings().toString();
        assertTrue(w.contains("policy.toml:2:12: warning: main-mode.methods[0]: des-md5-modp768 is weak"), w);
        assertTrue(w.contains("filter list 'unused' is used by no rule"), w);
        assertTrue(w.contains("filter action 'unused' is used by no rule"), w);
        assertTrue(w.contains("no rules: ikd protects no traffic"), w);
    }

    @Test
    void summarisesThePolicyInOneLine() throws Exception {
        String s = full().summary();
        assertEquals("3 rules (2 negotiate, 1 permit), 1 inactive (old), Main Mode aes256-sha256-modp3072 (+2 more) for 150m"
                + " with master-key PFS, default response on, 1 warning", s);
    }
}
