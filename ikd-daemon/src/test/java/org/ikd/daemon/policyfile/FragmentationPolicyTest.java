package org.ikd.daemon.policyfile;

import static org.ikd.daemon.policyfile.PolicyFileValidationTest.LIST_ACTION_RULE;
import static org.ikd.daemon.policyfile.PolicyFileValidationTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ikd.core.ike.FragmentationSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ike-fragmentation} and {@code ike-fragment-size} (docs/policy-reference.md, docs/fragmentation.md). */
class FragmentationPolicyTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void pskFile() {
        files = new PolicyFiles(dir);
        files.psk("peer.psk", "correct horse battery staple\n");
    }

    private FragmentationSettings parse(String head) throws Exception {
        return files.parse(head + LIST_ACTION_RULE).settings().fragmentation();
    }

    @Test
    void withoutTheKeysKeepsStrongSwansDefaults() throws Exception {
        FragmentationSettings f = parse("");
        assertEquals(FragmentationSettings.Mode.YES, f.mode());
        assertEquals(1280, f.fragmentSize());                  // charon.fragment_size default (strongSwan.conf(5))
        assertEquals(FragmentationSettings.DEFAULT, f);
    }

    @Test
    void readsEachMode() throws Exception {
        assertEquals(FragmentationSettings.Mode.NO, parse("ike-fragmentation = \"no\"\n").mode());
        assertEquals(FragmentationSettings.Mode.FORCE, parse("ike-fragmentation = \"force\"\n").mode());
        assertEquals(FragmentationSettings.Mode.YES, parse("ike-fragmentation = \"YES\"\n").mode());
        assertEquals(FragmentationSettings.Mode.ACCEPT, parse("ike-fragmentation = \"accept\"\n").mode());
        assertTrue(!parse("ike-fragmentation = \"no\"\n").announces(), "no: no FRAGMENTATION vendor ID");
    }

    @Test
    void readsTheFragmentSize() throws Exception {
        FragmentationSettings f = parse("ike-fragmentation = \"force\"\nike-fragment-size = 576\n");
        assertEquals(576, f.fragmentSize());
        assertEquals(FragmentationSettings.Mode.FORCE, f.mode());
    }

    @Test
    void rejectsAnUnknownModeAtItsLine() {
        assertError(files.reject("name = \"x\"\nike-fragmentation = \"maybe\"\n" + LIST_ACTION_RULE), "2:1",
                "ike-fragmentation mode", "maybe", "yes, accept, force, no");
    }

    @Test
    void rejectsAFragmentSizeOutOfRangeOrOfTheWrongType() {
        assertError(files.reject("ike-fragment-size = 500\n" + LIST_ACTION_RULE), "1:1", "ike-fragment-size = 500 is out of range",
                "576..65535");
        assertError(files.reject("ike-fragment-size = \"1k\"\n" + LIST_ACTION_RULE), "1:1", "576..65535");
    }

    @Test
    void warnsThatASizeWithModeNoHasNoEffect() throws Exception {
        ParsedPolicy p = files.parse("ike-fragmentation = \"no\"\nike-fragment-size = 1400\n" + LIST_ACTION_RULE);
        assertTrue(p.warnings().stream().anyMatch(w -> w.toString().contains("policy.toml:2:1") && w.toString().contains("has no effect")),
                p.warnings().toString());
    }
}
