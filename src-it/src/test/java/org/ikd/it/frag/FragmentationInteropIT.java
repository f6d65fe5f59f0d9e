package org.ikd.it.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.core.ike.FragmentReassembler;
import org.ikd.core.ike.FragmentationSettings;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.IkeEngineNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ikd (host A) and strongSwan's charon (host B) with RSA-4096 certificates across a 1280-byte MTU
 * whose hosts drop every IP fragment: Main Mode 5 and 6 (CERT + SIG, about 2 kB) only arrive as IKE
 * fragments (payload 132), each side having announced the FRAGMENTATION vendor ID in Main Mode 1/2.
 * <pre>
 * HDR, SA, VID(FRAGMENTATION) -->  <-- HDR, SA, VID(FRAGMENTATION)   HDR, KE, Ni, NAT-D, CR --> <-- ...
 * HDR(FRAG 1), HDR(FRAG 2 LAST) -->  <-- HDR(FRAG 1), HDR(FRAG 2 LAST)   then Quick Mode
 * </pre>
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class FragmentationInteropIT {
    static final Duration NEGOTIATION = Duration.ofSeconds(20);
    /** strongSwan 5.9 message.c fragment(): "splitting IKE message (N bytes) into M fragments". */
    static final Pattern SPLIT = Pattern.compile("splitting IKE message \\((\\d+) bytes\\) into (\\d+) fragments");

    @BeforeEach
    void charonIsThere() {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
    }

    /** One PKI for both tests: RSA-4096 keys take seconds to make. */
    private BigCertificateLab pki;

    @Test
    void mainModeWithBigCertificatesWhenIkdInitiates() throws Exception {
        negotiates(true);
    }

    @Test
    void mainModeWithBigCertificatesWhenCharonInitiates() throws Exception {
        negotiates(false);
    }

    private void negotiates(boolean ikdInitiates) throws Exception {
        if (pki == null) pki = new BigCertificateLab();
        try (Lab lab = Lab.start(pki)) {
            if (ikdInitiates) lab.ikd.acquire(BigCertificateLab.acquire());
            else {
                Command.Result r = lab.charon.swanctlResult("--initiate", "--child", "net", "--timeout", "20");
                assertEquals(0, r.exitCode(), () -> lab.diagnostics("swanctl --initiate: " + r.stdout()));
            }
            IkeEvent.QuickModeEstablished qm = lab.ikd.await(IkeEvent.QuickModeEstablished.class, e -> true, NEGOTIATION);
            assertNotNull(qm, () -> lab.diagnostics("ikd reported no QuickModeEstablished"));
            assertEquals("dn CN=b.lab", lab.ikd.events(IkeEvent.PhaseOneEstablished.class).get(0).peerId());
            String log = lab.charon.log();
            assertTrue(log.contains("received FRAGMENTATION vendor ID"), lab.diagnostics("charon did not see ikd's vendor ID"));
            Matcher split = SPLIT.matcher(log);
            assertTrue(split.find(), lab.diagnostics("charon sent no fragments"));
            assertTrue(Integer.parseInt(split.group(1)) > FragmentingPath.MTU - 28, "charon's message outgrew the MTU: " + split.group());
            assertTrue(log.contains("reassembled fragmented IKE message"), lab.diagnostics("charon reassembled none of ikd's fragments"));
            FragmentReassembler.Statistics s = lab.ikd.onEventLoop(IkeEngine::fragmentStatistics);
            assertTrue(s.reassembled() >= 1 && s.dropped() == 0, lab.diagnostics("ikd's fragment counters: " + s));
            assertTrue(log.contains("authentication of 'CN=a.lab' with") && log.contains("successful"),
                    lab.diagnostics("charon did not authenticate ikd (its MM5/MM6 arrived as ikd's fragments)"));
            String sas = lab.charon.listSas();
            assertTrue(sas.contains("ESTABLISHED") && sas.contains("INSTALLED"), lab.diagnostics("charon's SAs: " + sas));
        }
    }

    /** Namespaces ikd-fr-*, the fragment-dropping path, charon on B, ikd on A with a 1280-byte fragment size. */
    record Lab(TwoHosts hosts, Charon charon, IkeEngineNode ikd, Path dir) implements AutoCloseable {
        static Lab start(BigCertificateLab pki) throws Exception {
            Path dir = Files.createTempDirectory("ikd-fr-");
            TwoHosts hosts = TwoHosts.create("ikd-fr");
            Charon charon = null;
            try {
                FragmentingPath.install(hosts);
                Path charonDir = dir.resolve("charon");
                charon = Charon.start(hosts.b, charonDir, pki.charonFiles(charonDir));
                IkeConfig config = IkeConfig.DEFAULT.withFragmentation(
                        FragmentationSettings.DEFAULT.withMode(FragmentationSettings.Mode.YES).withFragmentSize(FragmentingPath.MTU));
                IkeEngineNode ikd = IkeEngineNode.start(hosts.a, BigCertificateLab.A, BigCertificateLab.policyA(pki.methodA()), config);
                return new Lab(hosts, charon, ikd, dir);
            } catch (Exception | Error e) {
                if (charon != null) charon.close();
                hosts.close();
                BigCertificateLab.delete(dir);
                throw e;
            }
        }

        String diagnostics(String headline) {
            List<String> lines = charon.log().lines().toList();
            return headline + "\n--- charon log (tail) ---\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))
                    + "\n--- ikd events ---\n" + ikd.describeEvents()
                    + "--- IP fragments dropped: A " + FragmentingPath.dropped(hosts.a) + ", B " + FragmentingPath.dropped(hosts.b);
        }

        @Override
        public void close() throws Exception {
            try {
                ikd.close();
            } finally {
                try {
                    charon.close();
                } finally {
                    try {
                        hosts.close();
                    } finally {
                        if (!Boolean.getBoolean("ikd.interop.keep")) BigCertificateLab.delete(dir);
                    }
                }
            }
        }
    }
}
