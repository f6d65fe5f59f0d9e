package org.ikd.esp.transform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.ikd.core.crypto.Bytes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9: ICVs (RFC 4303 §3.4.4, RFC 4302 §3.4.3) are checked in constant time. CBC+HMAC, AH and
 * GCM (whose tag GcmEsp computes itself, issue 16) compare with {@code EspTrailer.equal} (OR of
 * XORs over every byte). Early-exit comparisons are banned from the data plane.
 */
class ConstantTimeIcvTest {
    private static JavaClasses esp;

    @BeforeAll
    static void importEsp() {
        esp = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.ikd.esp");
    }

    @Test
    void theDataPlaneNeverComparesBytesWithAnEarlyExit() {
        noClasses().that().resideInAPackage("org.ikd.esp..")
                .should().callMethod(Arrays.class, "equals", byte[].class, byte[].class)
                .orShould().callMethod(Arrays.class, "equals", byte[].class, int.class, int.class, byte[].class, int.class, int.class)
                .orShould().callMethod(Arrays.class, "mismatch", byte[].class, byte[].class)
                .orShould().callMethod(Arrays.class, "mismatch", byte[].class, int.class, int.class, byte[].class, int.class, int.class)
                .orShould().callMethod(Bytes.class, "equals", Object.class)
                .because("an ICV check must not stop at the first differing byte")
                .check(esp);
    }

    @Test
    void everyTransformChecksItsIcvWithTheConstantTimeComparison() {
        classes().that().haveFullyQualifiedName(CbcHmacEsp.class.getName()).or().haveFullyQualifiedName(AhTransform.class.getName())
                .or().haveFullyQualifiedName(GcmEsp.class.getName())
                .should().callMethod(EspTrailer.class, "equal", byte[].class, int.class, byte[].class, int.class, int.class)
                .check(esp);
    }

    @Test
    void theComparisonSeesADifferenceInAnyByteAndOnlyInTheRangeGiven() {
        byte[] a = new byte[40];
        byte[] b = new byte[40];
        for (int i = 0; i < 12; i++) a[4 + i] = b[20 + i] = (byte) (0xa0 + i);
        assertTrue(EspTrailer.equal(a, 4, b, 20, 12));
        for (int i = 0; i < 12; i++) {
            b[20 + i] ^= 0x01;
            assertFalse(EspTrailer.equal(a, 4, b, 20, 12), "byte " + i + " differs");
            b[20 + i] ^= 0x01;
        }
        b[32] = 1;                                              // just past the range: not compared
        assertTrue(EspTrailer.equal(a, 4, b, 20, 12));
    }
}
