package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ikd.it.lab.Charon;
import org.ikd.it.lab.SwanctlConf;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.Test;

/**
 * The reference lab itself: two charons (IKEv1, PSK, kernel-libipsec, ESP in UDP) in two of our
 * namespaces establish and carry a ping. Every interop test of ikd stands on this setup, so a
 * machine where it fails says so here, with charon's own words, before ikd is blamed.
 */
class CharonLabIT {
    @Test
    void twoCharonsEstablishAndCarryAPing() throws Exception {
        assumeTrue(Charon.installed(), "strongSwan is not installed (.ci/run installs it)");
        Path dir = Files.createTempDirectory("ikd-it-charon");
        try (TwoHosts lab = TwoHosts.create("ikd-it-lab");
             Charon a = Charon.start(lab.a, dir.resolve("a"), new SwanctlConf(TwoHosts.A, TwoHosts.B,
                     TwoHosts.NET_A, TwoHosts.NET_B, "aes128-sha256-modp2048", "aes128gcm16", "lab-psk", "none").render());
             Charon b = Charon.start(lab.b, dir.resolve("b"), new SwanctlConf(TwoHosts.B, TwoHosts.A,
                     TwoHosts.NET_B, TwoHosts.NET_A, "aes128-sha256-modp2048", "aes128gcm16", "lab-psk", "none").render())) {
            String out = a.swanctl("--initiate", "--child", "net", "--timeout", "20");
            assertTrue(out.contains("successfully"), out + "\n" + a.log());
            String sas = b.listSas();
            assertTrue(sas.contains("ESTABLISHED") && sas.contains("INSTALLED"), sas);
            assertTrue(sas.contains("AES_GCM_16-128"), sas);
            var ping = lab.a.exec(20, "ping", "-c", "3", "-i", "0.2", "-W", "2", "-I", TwoHosts.INNER_A, TwoHosts.INNER_B);
            assertEquals(0, ping.exitCode(), ping.stdout() + ping.stderr() + "\n" + a.log());
        }
    }
}
