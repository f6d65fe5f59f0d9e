package org.ikd.esp.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md arrows for ikd-esp: it uses ikd-core only for the policy, SA and crypto types, does no
 * I/O and starts no threads; the pumps that drive it live in the daemon.
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
    void knowsNothingOfTunOrDaemon() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.ikd.tun..", "org.ikd.daemon..")
                .check(esp);
    }

    @Test
    void doesNoIo() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("io.netty..", "jnr..", "java.nio.channels..", "java.net..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .check(esp);
    }
}
