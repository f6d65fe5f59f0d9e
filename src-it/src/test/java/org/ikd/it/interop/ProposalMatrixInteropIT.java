package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.stream.Stream;
import org.ikd.core.ike.IkeConfig;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 3's interop matrix: ikd (namespace A, in this JVM) against strongSwan's charon (namespace B),
 * IKEv1 Main Mode + Quick Mode with a pre-shared key, tunnel mode, each proposal row in both roles,
 * always over forced UDP encapsulation (row d). A cell passes when charon's {@code swanctl --list-sas}
 * shows the IKE SA ESTABLISHED and the CHILD SA INSTALLED with the SPIs, algorithms, DH groups and
 * encapsulation that ikd reports in its events and holds in its SA tables ({@link SaAgreement}).
 */
class ProposalMatrixInteropIT {
    static final String PSK = "interop matrix key";

    enum Initiator { IKD, CHARON }

    static Stream<Arguments> cells() {
        return Stream.of(InteropProposal.values())
                .flatMap(p -> Stream.of(Initiator.values()).map(who -> Arguments.of(p, who)));
    }

    @ParameterizedTest(name = "{0}, {1} initiates")
    @MethodSource("cells")
    void charonAndIkdAgreeOnTheSasTheyNegotiated(InteropProposal p, Initiator who) throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        try (InteropLab lab = InteropLab.start(p, PSK, PSK, IkeConfig.DEFAULT)) {
            if (who == Initiator.IKD) {
                lab.ikd.acquire(InteropLab.acquire());
            } else {
                Command.Result r = lab.charonInitiates();
                assertEquals(0, r.exitCode(), () -> lab.diagnostics("swanctl --initiate failed: " + r.stdout() + r.stderr()));
            }
            SaAgreement.established(lab, p, who == Initiator.IKD);
        }
    }
}
