package org.ikd.esp.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md arrows for ikd-esp: it uses ikd-core only for the policy, SA and crypto types, does no
 * I/O, starts no threads and logs nothing (no logging per packet, so none at all); the pumps that
 * drive it live in the daemon.
 */
class EspArchitectureTest {
    private static JavaClasses esp;

    @BeforeAll
    static void importEsp() {
        esp = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ikd.esp");
    }

    @Test
    void usesCoreOnlyForPolicySaAndCrypto() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.ikd.core.isakmp..", "org.ikd.core.oakley..", "org.ikd.core.ike..")
                .check(esp);
    }

    @Test
    void usesNoOtherCorePackage() {
        noClasses().should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.ikd.core..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                                "org.ikd.core.policy", "org.ikd.core.sa", "org.ikd.core.crypto"))))
                .check(esp);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.ikd.esp.(**)").should().beFreeOfCycles().check(esp);
    }

    @Test
    void packetHeadersDependOnNothingInIkd() {
        noClasses().that().resideInAPackage("org.ikd.esp.packet..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.ikd..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAPackage("org.ikd.esp.packet.."))))
                .check(esp);
    }

    @Test
    void knowsNothingOfTunOrDaemon() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.ikd.tun..", "org.ikd.daemon..")
                .check(esp);
    }

    @Test
    void doesNoIo() {
        // java.net is allowed for addresses only: IpsecSaSpec carries InetAddress endpoints.
        DescribedPredicate<JavaClass> addresses = JavaClass.Predicates.assignableTo(java.net.InetAddress.class);
        noClasses().should().dependOnClassesThat(
                        JavaClass.Predicates.resideInAPackage("java.net").and(DescribedPredicate.not(addresses)))
                .orShould().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "jnr..", "java.nio.channels..", "org.slf4j..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .check(esp);
    }
}
