package org.ikd.tun.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md arrows for ikd-tun: only {@code tun.posix} touches jnr-ffi (and jffi under it); the API
 * package knows nothing of its implementation; the module knows nothing of IPsec or the daemon.
 */
class TunArchitectureTest {
    private static JavaClasses tun;

    @BeforeAll
    static void importTun() {
        tun = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ikd.tun");
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.ikd.tun.(**)").should().beFreeOfCycles().check(tun);
    }

    @Test
    void onlyPosixTouchesJnr() {
        noClasses().that().resideOutsideOfPackage("org.ikd.tun.posix..")
                .should().dependOnClassesThat().resideInAnyPackage("jnr..", "com.kenai.jffi..")
                .check(tun);
    }

    @Test
    void apiDoesNotDependOnItsImplementation() {
        noClasses().that().resideInAPackage("org.ikd.tun")
                .should().dependOnClassesThat().resideInAPackage("org.ikd.tun.posix..")
                .check(tun);
    }

    @Test
    void offloadIsPureJava() {
        noClasses().that().resideInAPackage("org.ikd.tun.offload..")
                .should().dependOnClassesThat().resideOutsideOfPackages("java..", "org.ikd.tun.offload..")
                .check(tun);
    }

    @Test
    void knowsNothingOfCoreEspOrDaemon() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.ikd.core..", "org.ikd.esp..", "org.ikd.daemon..")
                .check(tun);
    }
}
