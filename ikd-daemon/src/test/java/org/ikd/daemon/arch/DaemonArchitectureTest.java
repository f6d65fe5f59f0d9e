package org.ikd.daemon.arch;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.nameMatching;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.ikd.core.ike.IkeStatistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md arrows seen from the top: nothing below the daemon imports it, and the daemon reaches
 * native code and Netty only through ikd-tun and ike.transport.
 */
class DaemonArchitectureTest {
    private static JavaClasses all;

    @BeforeAll
    static void importAll() {
        all = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ikd");
    }

    @Test
    void nothingImportsTheDaemon() {
        noClasses().that().resideOutsideOfPackage("org.ikd.daemon..")
                .should().dependOnClassesThat().resideInAPackage("org.ikd.daemon..")
                .check(all);
    }

    @Test
    void daemonPackagesFormNoCycles() {
        slices().matching("org.ikd.daemon.(**)").should().beFreeOfCycles().check(all);
    }

    /**
     * Issue 15: the wiring (org.ikd.daemon: Daemon, PolicyUpdates) sits on top; the parts below are
     * given what they read (admin's PolicyHost, SaQueries, DiagChecks.Sources), never the daemon itself.
     * cli.manual documents ikd's own command tree, at build time.
     */
    @Test
    void onlyTheWiringReachesTheDaemonPackage() {
        noClasses().that().resideInAPackage("org.ikd.daemon.(*)..").and().resideOutsideOfPackage("org.ikd.daemon.cli.manual..")
                .should().dependOnClassesThat().resideInAPackage("org.ikd.daemon")
                .check(all);
    }

    @Test
    void modulesFormNoCycles() {
        slices().matching("org.ikd.(*)..").should().beFreeOfCycles().check(all);
    }

    @Test
    void theDaemonLeavesJnrToTun() {
        noClasses().that().resideInAPackage("org.ikd.daemon..")
                .should().dependOnClassesThat().resideInAPackage("jnr..")
                .check(all);
    }

    /** Issue 15: the engine keeps its counters; the daemon reports what it did (IkeEngine.installFailed, softAssociation). */
    @Test
    void theDaemonNeverWritesTheEnginesCounters() {
        noClasses().that().resideInAPackage("org.ikd.daemon..")
                .should().callMethodWhere(target(owner(assignableTo(IkeStatistics.class)))
                        .and(target(nameMatching("increment|add|set|invalidPacket"))))
                .check(all);
    }
}
