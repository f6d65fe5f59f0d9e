package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nat-traversal = "draft-02"}: a peer speaking only draft-ietf-ipsec-nat-t-ike-02 (as Windows XP SP2). */
class NatTraversalDraftOptionTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void keys() throws Exception {
        files = new PolicyFiles(dir);
        files.psk("peer-b.psk", "peer b key\n");
    }

    private static String rule(String mode) {
        return PolicyFiles.negotiateRule("{ psk-file = \"peer-b.psk\" }") + "nat-traversal = \"" + mode + "\"\n";
    }

    @Test
    void readsDraft02BesideAutoForceAndOff() throws Exception {
        assertEquals(NatTraversalMode.DRAFT_02, files.parse(rule("draft-02")).options("r").orElseThrow().natTraversal());
        assertEquals(NatTraversalMode.OFF, files.parse(rule("off")).options("r").orElseThrow().natTraversal());
    }

    @Test
    void refusesAnUnknownDialectNamingTheKnownOnes() {
        Exception e = assertThrows(Exception.class, () -> files.parse(rule("draft-03")));
        assertTrue(e.getMessage().contains("draft-02"), e.getMessage());
    }
}
