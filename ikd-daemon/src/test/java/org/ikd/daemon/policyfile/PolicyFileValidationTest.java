package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per validation rule of docs/policy-reference.md: each broken policy must be refused
 * with {@code file:line:column}, what is wrong, and what is accepted (or the fix).
 */
class PolicyFileValidationTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    /** A valid tail: one negotiate rule on filter list "l" and action "a". */
    static final String LIST_ACTION_RULE = PolicyFiles.negotiateRule("{ psk-file = \"peer.psk\" }");

    @BeforeEach
    void pskFile() {
        files = new PolicyFiles(dir);
        files.psk("peer.psk", "correct horse battery staple\n");
    }

    static void assertError(PolicyFileException e, String where, String... fragments) {
        String all = e.errors().stream().map(Diagnostic::toString).collect(Collectors.joining("\n"));
        boolean found = e.errors().stream().map(Diagnostic::toString)
                .anyMatch(m -> m.contains("policy.toml:" + where + ": ") && java.util.Arrays.stream(fragments).allMatch(m::contains));
        assertTrue(found, "no error at " + where + " containing " + java.util.List.of(fragments) + " in:\n" + all);
    }

    @Test
    void rejectsUnknownKeyAndSuggestsTheNearest() {
        PolicyFileException e = files.reject("nmae = \"lab\"\n" + LIST_ACTION_RULE);
        assertError(e, "1:1", "unknown key 'nmae'", "did you mean 'name'?", "expected: one of name, description");
    }

    @Test
    void rejectsUnknownKeyInsideARule() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE + "filter-lsit = \"l\"\n");
        assertError(e, "12:1", "rules[0]", "unknown key 'filter-lsit'", "did you mean 'filter-list'?");
    }

    @Test
    void rejectsValueOfTheWrongType() {
        PolicyFileException e = files.reject("[main-mode]\nmaster-key-pfs = \"yes\"\n");
        assertError(e, "2:1", "main-mode.master-key-pfs", "is the string \"yes\"", "expected: true or false");
    }

    @Test
    void rejectsIntegerOutOfRange() {
        PolicyFileException e = files.reject("[main-mode]\nquick-mode-limit = -1\n");
        assertError(e, "2:1", "quick-mode-limit = -1 is out of range", "expected: an integer 0..");
    }

    @Test
    void rejectsUnknownMainModeCipherListingTheKnownOnes() {
        PolicyFileException e = files.reject("[main-mode]\nmethods = [\"aes128-sha256-modp2048\", \"blowfish-sha1-modp1024\"]\n");
        assertError(e, "2:38", "main-mode.methods[1]", "unknown Main Mode cipher 'blowfish'", "known: des, 3des, aes128, aes192, aes256");
    }

    @Test
    void rejectsUnknownMainModeHashAndGroup() {
        PolicyFileException e = files.reject("[main-mode]\nmethods = [\"aes128-sha3-modp2047\"]\n");
        assertError(e, "2:12", "unknown Main Mode hash 'sha3'", "known: md5, sha1, sha256, sha384, sha512");
        assertError(e, "2:12", "unknown DH group 'modp2047'", "did you mean 'modp2048'?", "known: modp768, modp1024, modp1536, modp2048");
    }

    @Test
    void rejectsMainModeMethodWithoutThreeParts() {
        PolicyFileException e = files.reject("[main-mode]\nmethods = [\"aes128-sha256\"]\n");
        assertError(e, "2:12", "'aes128-sha256' is not cipher-hash-group", "expected: e.g. aes128-sha256-modp2048");
    }

    @Test
    void rejectsUnknownEspCipherListingTheKnownOnes() {
        PolicyFileException e = files.reject("""
                [filter-actions.a]
                action = "negotiate"
                methods = [ { esp = "aes129" } ]
                """);
        assertError(e, "3:15", "unknown ESP cipher 'aes129'",
                "(known: des, 3des, null, aes128, aes192, aes256, aes128gcm16, aes192gcm16, aes256gcm16)");
    }

    @Test
    void rejectsUnknownEspAndAhIntegrity() {
        PolicyFileException e = files.reject("""
                [filter-actions.a]
                action = "negotiate"
                methods = [ { esp = "aes128-sha2" }, { ah = "md4" } ]
                """);
        assertError(e, "3:15", "unknown ESP integrity algorithm 'sha2'", "known: md5, sha1, sha256, sha384, sha512");
        assertError(e, "3:40", "unknown AH integrity algorithm 'md4'", "did you mean 'md5'?");
    }

    @Test
    void rejectsGcmWithAnIntegrityAlgorithm() {
        PolicyFileException e = files.reject("""
                [filter-actions.a]
                action = "negotiate"
                methods = [ { esp = "aes256gcm16-sha256" } ]
                """);
        assertError(e, "3:15", "aes256gcm16 is a combined mode", "expected: esp = \"aes256gcm16\"");
    }

    @Test
    void rejectsCbcEspWithoutIntegrity() {
        PolicyFileException e = files.reject("""
                [filter-actions.a]
                action = "negotiate"
                methods = [ { esp = "aes128" } ]
                """);
        assertError(e, "3:15", "ESP aes128 without integrity is unauthenticated", "expected: esp = \"aes128-sha256\"");
    }

    @Test
    void rejectsADhGroupInsideTheEspMethod() {
        PolicyFileException e = files.reject("""
                [filter-actions.a]
                action = "negotiate"
                methods = [ { esp = "aes128-sha256-modp2048" } ]
                """);
        assertError(e, "3:15", "PFS group goes in the action's pfs key", "pfs = \"modp2048\"");
    }

    @Test
    void rejectsSecurityMethodWithNeitherEspNorAh() {
        PolicyFileException e = files.reject("""
                [filter-actions.a]
                action = "negotiate"
                methods = [ { lifetime = "1h" } ]
                """);
        assertError(e, "3:13", "needs esp, ah or both");
    }

    @Test
    void rejectsUnknownPfsGroup() {
        PolicyFileException e = files.reject("[filter-actions.a]\naction = \"negotiate\"\npfs = \"modp2047\"\n");
        assertError(e, "3:1", "unknown PFS group 'modp2047'", "did you mean 'modp2048'?");
    }

    @Test
    void rejectsUnknownActionWithSuggestion() {
        PolicyFileException e = files.reject("[filter-actions.a]\naction = \"negociate\"\n");
        assertError(e, "2:1", "unknown action 'negociate'", "did you mean 'negotiate'?", "known: permit, block, negotiate");
    }

    @Test
    void rejectsNegotiateKeysOnAPermitAction() {
        PolicyFileException e = files.reject("[filter-actions.a]\naction = \"permit\"\npfs = true\n");
        assertError(e, "3:1", "'pfs' applies only to action = \"negotiate\"");
    }

    @Test
    void rejectsReferenceToAnUndefinedFilterList() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("filter-list = \"l\"", "filter-list = \"ll\""));
        assertError(e, "9:1", "undefined filter list 'll'", "did you mean 'l'?", "l");
    }

    @Test
    void rejectsReferenceToAnUndefinedFilterAction() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("filter-action = \"a\"", "filter-action = \"require\""));
        assertError(e, "10:1", "undefined filter action 'require'", "a, permit, block");
    }

    @Test
    void rejectsDuplicateRuleNames() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE + """

                [[rules]]
                name = "r"
                filter-list = "l"
                filter-action = "permit"
                """);
        assertError(e, "14:1", "duplicate rule name 'r', first defined at line 8");
    }

    @Test
    void rejectsRuleNameWithSpaces() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("name = \"r\"", "name = \"peer b\""));
        assertError(e, "8:1", "bad rule name 'peer b'", "letters, digits");
    }

    @Test
    void rejectsBadAddress() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("198.18.0.2", "198.18.0.300"));
        assertError(e, "2:30", "'198.18.0.300' is not an IP address or prefix", "expected: an address (198.18.0.2), a prefix");
    }

    @Test
    void rejectsBadPrefixLength() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("198.18.0.2", "198.18.0.0/33"));
        assertError(e, "2:30", "'198.18.0.0/33' has a bad prefix length", "expected: /0../32");
    }

    @Test
    void rejectsPrefixWithHostBitsSet() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("198.18.0.2", "198.18.0.1/24"));
        assertError(e, "2:30", "'198.18.0.1/24' has host bits set", "198.18.0.0/24");
    }

    @Test
    void rejectsHostNameWhereAnAddressIsNeeded() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("198.18.0.2", "peer-b.example.net"));
        assertError(e, "2:30", "'peer-b.example.net' is a name", "ikd looks up no names");
    }

    @Test
    void rejectsFilterMixingIpv4AndIpv6() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("\"me\"", "\"2001:db8::1\""));
        assertError(e, "2:39", "filter mixes IPv4 and IPv6");
    }

    @Test
    void rejectsBadPort() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("destination = \"198.18.0.2\"",
                "destination = \"198.18.0.2\", protocol = \"tcp\", destination-port = 70000"));
        assertError(e, "2:76", "bad port 70000", "expected: a port 0..65535");
    }

    @Test
    void rejectsPortsWithoutTcpOrUdp() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("destination = \"198.18.0.2\"",
                "destination = \"198.18.0.2\", destination-port = 22"));
        assertError(e, "2:58", "destination-port needs protocol = \"tcp\" or \"udp\"");
    }

    @Test
    void rejectsUnknownProtocol() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("destination = \"198.18.0.2\"",
                "destination = \"198.18.0.2\", protocol = \"tpc\""));
        assertError(e, "2:58", "unknown protocol 'tpc'", "did you mean 'tcp'?", "known: any, icmp");
    }

    @Test
    void rejectsPortRangeInANegotiateRule() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("destination = \"198.18.0.2\"",
                "destination = \"198.18.0.2\", protocol = \"tcp\", destination-port = \"1024-2048\""));
        assertError(e, "9:1", "port range 1024-2048", "RFC 2407 §4.6.2", "expected: one port or any");
    }

    @Test
    void rejectsBothSidesMe() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("\"198.18.0.2\"", "\"me\""));
        assertError(e, "2:13", "source and destination are both 'me'");
    }

    @Test
    void rejectsEmptyFilterList() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace(
                "filters = [ { source = \"me\", destination = \"198.18.0.2\" } ]", "filters = []"));
        assertError(e, "2:1", "filter list 'l' is empty");
    }

    @Test
    void rejectsNegotiateWithoutAuthentication() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("authentication = [ { psk-file = \"peer.psk\" } ]\n", ""));
        assertError(e, "7:1", "rule 'r' negotiates but has no authentication method",
                "expected: authentication = [ { psk-file = \"/etc/ikd/r.psk\" } ]");
    }

    @Test
    void rejectsMissingPskFile() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("peer.psk", "nowhere.psk"));
        assertError(e, "11:22", "PSK file " + dir.resolve("nowhere.psk") + " does not exist");
    }

    @Test
    void refusesPskFileReadableByGroupOrOthersWithTheChmodThatFixesIt() {
        files.psk("peer.psk", "correct horse battery staple\n", "rw-r--r--");
        PolicyFileException e = files.reject(LIST_ACTION_RULE);
        Path psk = dir.resolve("peer.psk");
        assertError(e, "11:22", "PSK file " + psk + " has mode 0644", "fix: chmod 600 " + psk);
    }

    @Test
    void refusesPskFileWritableByGroup() {
        files.psk("peer.psk", "correct horse battery staple\n", "rw--w----");
        PolicyFileException e = files.reject(LIST_ACTION_RULE);
        assertError(e, "11:22", "has mode 0620", "chmod 600 " + dir.resolve("peer.psk"));
    }

    @Test
    void refusesPrivateKeyReadableByOthers() {
        files.psk("host.pem", "-----BEGIN CERTIFICATE-----\n", "rw-r--r--");
        files.psk("ca.pem", "-----BEGIN CERTIFICATE-----\n", "rw-r--r--");
        files.psk("host.key", "-----BEGIN PRIVATE KEY-----\n", "rw-r--r--");
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("{ psk-file = \"peer.psk\" }",
                "{ certificate = \"host.pem\", key = \"host.key\", ca = \"ca.pem\" }"));
        assertError(e, "11:48", "private key " + dir.resolve("host.key") + " has mode 0644", "chmod 600 " + dir.resolve("host.key"));
    }

    @Test
    void rejectsCertificateWithoutCa() {
        files.psk("host.pem", "-----BEGIN CERTIFICATE-----\n", "rw-r--r--");
        files.psk("host.key", "-----BEGIN PRIVATE KEY-----\n");
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("{ psk-file = \"peer.psk\" }",
                "{ certificate = \"host.pem\", key = \"host.key\" }"));
        assertError(e, "11:20", "no CA certificate", "ca = [");
    }

    @Test
    void rejectsAPreSharedKeyWrittenInThePolicy() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE.replace("{ psk-file = \"peer.psk\" }", "{ psk = \"s3cr3t-in-policy\" }"));
        assertError(e, "11:22", "a pre-shared key is never written in the policy file", "psk-file");
    }

    @Test
    void rejectsEmptyPskFile() {
        files.psk("peer.psk", "\n");
        PolicyFileException e = files.reject(LIST_ACTION_RULE);
        assertError(e, "11:22", "is empty", "the key as text, or 0x followed by hex digits");
    }

    @Test
    void rejectsPskFileWithBadHex() {
        files.psk("peer.psk", "0x0g\n");
        PolicyFileException e = files.reject(LIST_ACTION_RULE);
        assertError(e, "11:22", "starts with 0x but is not hex");
    }

    @Test
    void rejectsBadDuration() {
        PolicyFileException e = files.reject("[main-mode]\nlifetime = \"8 hours\"\n");
        assertError(e, "2:1", "'8 hours' is not a duration", "expected: 30s, 5m, 8h, 1d, 1h30m or an integer of seconds");
    }

    @Test
    void rejectsMasterKeyPfsWithAQuickModeLimitAboveOne() {
        PolicyFileException e = files.reject("[main-mode]\nmaster-key-pfs = true\nquick-mode-limit = 5\n");
        assertError(e, "3:1", "contradicts master-key-pfs = true");
    }

    @Test
    void rejectsDpdTimeoutNotLongerThanItsDelay() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE + "dpd = { delay = \"30s\", timeout = \"30s\" }\n");
        assertError(e, "12:24", "DPD timeout 30s is not longer than the delay 30s");
    }

    @Test
    void rejectsUnknownNatTraversalMode() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE + "nat-traversal = \"forced\"\n");
        assertError(e, "12:1", "unknown nat-traversal mode 'forced'", "did you mean 'force'?", "known: auto, force, off");
    }

    @Test
    void rejectsUnknownIdentityType() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE + "peer-id = \"fqnd:gw.example.net\"\n");
        assertError(e, "12:1", "unknown identity type 'fqnd:'", "did you mean 'fqdn:'?");
    }

    @Test
    void rejectsPrefixAsTunnelEndpoint() {
        PolicyFileException e = files.reject(LIST_ACTION_RULE + "tunnel = \"198.18.0.0/24\"\n");
        assertError(e, "12:1", "'198.18.0.0/24' is a prefix where one address is needed");
    }

    @Test
    void rejectsRulesWrittenAsASingleTable() {
        PolicyFileException e = files.reject("[rules]\nname = \"r\"\n");
        assertError(e, "1:1", "rules is a single table", "[[rules]]");
    }

    @Test
    void rejectsDefaultResponseWithoutAuthentication() {
        PolicyFileException e = files.reject("[default-response]\nenabled = true\n");
        assertError(e, "1:1", "the default response has no authentication method");
    }

    @Test
    void rejectsDefaultResponseWithANonNegotiateAction() {
        PolicyFileException e = files.reject(
                "[default-response]\nenabled = true\nfilter-action = \"block\"\nauthentication = [ { psk-file = \"peer.psk\" } ]\n");
        assertError(e, "3:1", "filter action 'block' does not negotiate");
    }

    @Test
    void reportsTomlSyntaxErrorsWithTheirPosition() {
        PolicyFileException e = files.reject("[main-mode]\nlifetime = \"8h\n");
        assertError(e, "2:15", "TOML syntax");
    }

    @Test
    void reportsAMissingPolicyFile() {
        PolicyFileException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyFileException.class,
                () -> files.parse(dir.resolve("policy.toml")));
        assertTrue(e.getMessage().contains("policy.toml: no such file"), e.getMessage());
    }

    @Test
    void listsEveryErrorOfAFileAtOnceInFileOrder() {
        PolicyFileException e = org.junit.jupiter.api.Assertions.assertThrows(PolicyFileException.class,
                () -> files.parse(files.resource("many-errors.toml")));
        // many-errors.toml has one mistake on each of these lines (see its comments).
        int[] lines = {4, 7, 11, 14, 18, 19};
        assertEquals(lines.length, e.errors().size(), e.getMessage());
        for (int i = 0; i < lines.length; i++) assertEquals(lines[i], e.errors().get(i).at().line(), e.getMessage());
    }
}
