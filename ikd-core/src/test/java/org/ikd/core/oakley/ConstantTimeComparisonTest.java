package org.ikd.core.oakley;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ikd.core.crypto.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9 "the timing of the hash check is constant": HASH_I/HASH_R (RFC 2409 §5) and HASH(1),
 * HASH(2), HASH(3) (§5.5, §5.7) are compared with {@link MessageDigest#isEqual}, which takes the
 * same time wherever the first differing byte is; {@link Arrays#equals(byte[], byte[])} and
 * {@link Bytes#equals} stop at the first difference, so they must not see a received hash. The
 * rules below fail when such a call appears where hashes are checked.
 */
class ConstantTimeComparisonTest {
    private static JavaClasses core;

    /**
     * Every class of the protocol packages that calls {@link Bytes#equals}, with why what it
     * compares is public (not keyed): a new caller fails the test until it is added here, reviewed.
     */
    private static final Map<String, String> PUBLIC_COMPARISONS = Map.of(
            "org.ikd.core.ike.exchange.VendorIds", "Vendor ID payloads against published constants",
            "org.ikd.core.ike.exchange.NatDetection", "NAT-D: hashes of addresses and cookies, public (RFC 3947 §3.2)",
            "org.ikd.core.ike.exchange.QuickModeInitiator", "an SPI against all zeros",
            "org.ikd.core.ike.ExchangeSlot", "a received datagram against the last one (retransmission, RFC 2408 §5)",
            "org.ikd.core.ike.FragmentReassembler", "a received IKE fragment against one already held (wire bytes, duplicate check)",
            "org.ikd.core.ike.auth.RuleIdentities", "the peer's ID payload against the rule's peer-id (public identities)",
            "org.ikd.core.ike.exchange.Informational", "a Delete's cookies against the SA's own (public, RFC 2408 §3.1)");

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.ikd.core");
    }

    @Test
    void noProtocolClassComparesByteArraysWithArraysEquals() {
        noClasses().that().resideInAnyPackage("org.ikd.core.oakley..", "org.ikd.core.ike..", "org.ikd.core.isakmp..")
                .should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .orShould().callMethod(Arrays.class, "equals", byte[].class, int.class, int.class, byte[].class, int.class, int.class)
                .because("hashes and ICVs are compared in constant time (MessageDigest.isEqual)")
                .check(core);
    }

    @Test
    void oakleyNeverComparesBytesWithEquals() {
        noClasses().that().resideInAPackage("org.ikd.core.oakley..")
                .should().callMethod(Bytes.class, "equals", Object.class)
                .because("oakley computes and checks keyed hashes: constant time only")
                .check(core);
    }

    @Test
    void theHashChecksUseMessageDigestIsEqual() {
        classes().that().haveFullyQualifiedName(Phase1Hash.class.getName())
                .should().callMethod(MessageDigest.class, "isEqual", byte[].class, byte[].class)
                .check(core);
        classes().that().haveFullyQualifiedName(Phase2Hash.class.getName())
                .should().callMethod(Phase1Hash.class, "constantTimeEquals", Bytes.class, Bytes.class)
                .check(core);
    }

    @Test
    void bytesEqualsInTheEngineComparesOnlyPublicValues() {
        Map<String, String> callers = new TreeMap<>();
        for (var c : core) {
            if (!c.getPackageName().startsWith("org.ikd.core.ike")) continue;
            for (JavaMethodCall call : c.getMethodCallsFromSelf())
                if (call.getTargetOwner().isEquivalentTo(Bytes.class) && call.getName().equals("equals"))
                    callers.put(c.getName().replaceAll("\\$.*", ""), call.getSourceCodeLocation().toString());
        }
        assertEquals(new TreeSet<>(PUBLIC_COMPARISONS.keySet()), callers.keySet(), "Bytes.equals callers: " + callers);
    }

    /** The received hash is always the second argument, so a hash whose first byte differs is not cheaper to refuse. */
    @Test
    void phase2HashVerifyRefusesAnyDifferenceIncludingLength() {
        Bytes h = Bytes.fromHex("000102030405060708090a0b0c0d0e0f10111213");
        assertTrue(Phase2Hash.verify(h, Bytes.fromHex("000102030405060708090a0b0c0d0e0f10111213")));
        assertFalse(Phase2Hash.verify(h, Bytes.fromHex("800102030405060708090a0b0c0d0e0f10111213")), "first byte");
        assertFalse(Phase2Hash.verify(h, Bytes.fromHex("000102030405060708090a0b0c0d0e0f10111203")), "last byte");
        assertFalse(Phase2Hash.verify(h, h.slice(0, 12)), "a truncated hash (HMAC-SHA1-96 length)");
        assertFalse(Phase2Hash.verify(h, Bytes.EMPTY));
    }
}
