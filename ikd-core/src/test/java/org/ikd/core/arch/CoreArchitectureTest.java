package org.ikd.core.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The arrows of STYLE.md for ikd-core: the protocol packages are sans-I/O (no sockets, Netty,
 * threads or wall clock: time comes in as a parameter), only {@code ike.transport} touches
 * Netty, and core knows nothing of the modules built on it.
 */
class CoreArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ikd.core");
    }

    private static final String[] SANS_IO = {
        "org.ikd.core.isakmp..", "org.ikd.core.oakley..", "org.ikd.core.ike", "org.ikd.core.ike.exchange..", "org.ikd.core.ike.ipsec..",
        "org.ikd.core.ike.auth..", "org.ikd.core.policy..", "org.ikd.core.sa..", "org.ikd.core.crypto.."
    };

    @Test
    void protocolPackagesNeverTouchSocketsOrNetty() {
        ArchRule rule = noClasses().that().resideInAnyPackage(SANS_IO)
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.nio.channels..")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.Socket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.DatagramSocket")
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.net.ServerSocket");
        rule.check(core);
    }

    @Test
    void protocolPackagesNeverStartThreads() {
        noClasses().that().resideInAnyPackage(SANS_IO)
                .should().dependOnClassesThat().areAssignableTo(Thread.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
                .orShould().dependOnClassesThat().areAssignableTo(java.util.concurrent.ThreadFactory.class)
                .check(core);
    }

    @Test
    void protocolPackagesNeverReadTheWallClock() {
        noClasses().that().resideInAnyPackage(SANS_IO)
                .should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .orShould().callMethod(java.time.LocalDateTime.class, "now")
                .orShould().callMethod(java.time.LocalDate.class, "now")
                .orShould().callMethod(java.time.LocalTime.class, "now")
                .orShould().callMethod(java.time.ZonedDateTime.class, "now")
                .orShould().callMethod(java.time.OffsetDateTime.class, "now")
                .check(core);
    }

    @Test
    void packagesFormNoCycles() {
        slices().matching("org.ikd.core.(**)").should().beFreeOfCycles().check(core);
    }

    @Test
    void isakmpCodecKnowsNothingOfTheEngine() {
        noClasses().that().resideInAPackage("org.ikd.core.isakmp..")
                .should().dependOnClassesThat().resideInAnyPackage("org.ikd.core.ike..", "org.ikd.core.oakley..",
                        "org.ikd.core.policy..", "org.ikd.core.sa..", "org.ikd.core.pki..")
                .check(core);
    }

    @Test
    void peerInputErrorsSitBelowTheCodec() {
        noClasses().that().resideInAPackage("org.ikd.core.isakmp.error..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.ikd.core..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                                "org.ikd.core.isakmp.error..", "org.ikd.core.isakmp.doi.."))))
                .check(core);
    }

    @Test
    void oakleyDependsOnCryptoOnly() {
        noClasses().that().resideInAPackage("org.ikd.core.oakley..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("org.ikd.core..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.resideInAnyPackage(
                                "org.ikd.core.oakley..", "org.ikd.core.crypto.."))))
                .check(core);
    }

    @Test
    void policyReachesNeitherTheCodecNorTheEngine() {
        noClasses().that().resideInAPackage("org.ikd.core.policy..")
                .should().dependOnClassesThat().resideInAnyPackage("org.ikd.core.isakmp..", "org.ikd.core.ike..")
                .check(core);
    }

    @Test
    void onlyTheTransportTouchesNetty() {
        noClasses().that().resideOutsideOfPackage("org.ikd.core.ike.transport..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(core);
    }

    @Test
    void coreDependsOnNoOtherIkdModule() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("org.ikd.esp..", "org.ikd.tun..", "org.ikd.daemon..")
                .check(core);
    }

    @Test
    void onlyJcaNamesAlgorithms() {
        noClasses().that().doNotHaveFullyQualifiedName("org.ikd.core.crypto.Jca")
                .should().callMethod(javax.crypto.Cipher.class, "getInstance", String.class)
                .orShould().callMethod(javax.crypto.Mac.class, "getInstance", String.class)
                .orShould().callMethod(java.security.MessageDigest.class, "getInstance", String.class)
                .check(core);
    }
}
