package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pre-shared key never shows in a message, a warning or a toString. */
class PskSecrecyTest {
    static final String KEY = "Xylophone-Quartz-4711";
    static final String POLICY = PolicyFileValidationTest.LIST_ACTION_RULE;

    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void setUp() {
        files = new PolicyFiles(dir);
    }

    private static void assertNoKey(String text, String... forms) {
        for (String f : forms) assertFalse(text.contains(f), "key material in: " + text);
    }

    @Test
    void parsedPolicyToStringShowsNoTextKey() throws Exception {
        files.psk("peer.psk", KEY + "\n");
        ParsedPolicy p = files.parse(POLICY);
        assertNoKey(p.toString(), KEY, HexFormat.of().formatHex(KEY.getBytes()));
        assertNoKey(p.policy().toString(), KEY);
        assertNoKey(p.policy().rules().get(0).authentication().toString(), KEY);
        assertNoKey(p.summary(), KEY);
    }

    @Test
    void parsedPolicyToStringShowsNoHexKey() throws Exception {
        String hex = HexFormat.of().formatHex(KEY.getBytes());
        files.psk("peer.psk", "0x" + hex + "\n");
        ParsedPolicy p = files.parse(POLICY);
        assertNoKey(p.toString(), KEY, hex);
    }

    @Test
    void refusedPskFileKeepsItsKeyOutOfTheMessage() {
        files.psk("peer.psk", KEY + "\n", "rw-rw-r--");
        PolicyFileException e = files.reject(POLICY);
        assertNoKey(e.getMessage(), KEY);
        assertNoKey(e.toString(), KEY);
    }

    @Test
    void badHexPskKeepsItsDigitsOutOfTheMessage() {
        files.psk("peer.psk", "0x" + KEY + "\n");
        PolicyFileException e = files.reject(POLICY);
        assertNoKey(e.getMessage(), KEY, "Xylophone");
    }

    @Test
    void aKeyWrittenInThePolicyIsNotEchoed() {
        files.psk("peer.psk", "other\n");
        PolicyFileException e = files.reject(POLICY.replace("{ psk-file = \"peer.psk\" }", "{ psk = \"" + KEY + "\" }"));
        assertNoKey(e.getMessage(), KEY);
    }

    @Test
    void aKeyPastedIntoPskFileIsNotEchoed() {
        PolicyFileException e = files.reject(POLICY.replace("\"peer.psk\"", "\"" + KEY.replace("-", "") + "\""));
        assertNoKey(e.getMessage(), KEY.replace("-", ""));
        PolicyFileException n = files.reject(POLICY.replace("\"peer.psk\"", "47114711"));
        assertNoKey(n.getMessage(), "47114711");
    }

    @Test
    void destroyKeysZeroesEveryPreSharedKey() throws Exception {
        files.psk("peer.psk", KEY + "\n");
        ParsedPolicy p = files.parse(POLICY);
        org.ikd.core.policy.AuthenticationMethod.PreSharedKey psk =
                (org.ikd.core.policy.AuthenticationMethod.PreSharedKey) p.policy().rules().get(0).authentication().get(0);
        p.destroyKeys();
        org.junit.jupiter.api.Assertions.assertTrue(psk.key().isDestroyed());
    }

    @Test
    void aKeyWrittenAsAnotherTypeIsNotEchoed() {
        // psk-file = 4711 is a type error; a psk of any type is refused without its value.
        files.psk("peer.psk", "other\n");
        PolicyFileException e = assertThrows(PolicyFileException.class, () -> files.parse(
                POLICY.replace("{ psk-file = \"peer.psk\" }", "{ psk = 47114711 }")));
        assertNoKey(e.getMessage(), "47114711");
    }
}
