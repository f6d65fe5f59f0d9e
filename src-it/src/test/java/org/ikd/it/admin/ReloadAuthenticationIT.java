package org.ikd.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import org.ikd.core.pki.TestCa;
import org.ikd.it.lab.IkdNode;
import org.ikd.it.lab.TwoHosts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reload that changes how peers authenticate (issue 15: "after PSK to certificate, the PSK Main
 * Mode SA stays in use"): an unrelated change keeps the Main Mode SA; the change from a pre-shared
 * key to certificates deletes the PSK Main Mode SA and the pair it keyed, with Deletes, and the next
 * packet negotiates a Main Mode authenticated by certificate.
 */
class ReloadAuthenticationIT {
    private static final String A = TwoHosts.A;
    private static final String B = TwoHosts.B;
    private static final String PSK_AUTH = "authentication = [ { psk-file = \"it.psk\" } ]";
    private static final String CERT_AUTH = "authentication = [ { certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"] } ]";

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        assumeTrue(Admin.isRoot(), "needs root (namespaces, TUN, raw sockets)");
    }

    @Test
    void fromPreSharedKeyToCertificatesDeletesThePskMainModeSa() throws Exception {
        Instant now = Instant.now();
        TestCa ca = new TestCa("CN=ikd reload test CA", TestCa.ec("secp256r1"), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        pki(ca, dir.resolve("a"), A, now);
        pki(ca, dir.resolve("b"), B, now);
        try (TwoHosts lab = TwoHosts.create("ikd-ad-ra");
             IkdNode a = IkdNode.start(lab.a, dir.resolve("a"), Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.9"));
             IkdNode b = IkdNode.start(lab.b, dir.resolve("b"), Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9"))) {
            assertTrue(Admin.ping(lab.a, A, B, 2), a.oakleyLog());
            JsonObject pskSa = onlyMainMode(a);
            assertEquals("psk", Admin.str(pskSa, "authentication"));

            Admin.writePolicy(a, Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.10"));
            Admin.ok(a, "reload");
            // show mm reads on the IKE event loop, after the reload's check of the ISAKMP SAs (one queue, in order)
            assertEquals(Admin.str(pskSa, "initiatorCookie"), Admin.str(onlyMainMode(a), "initiatorCookie"),
                    "an unrelated change keeps the Main Mode SA");

            Admin.writePolicy(b, Admin.policy(B, A, "aes128gcm16", "60m", "it.psk", "198.18.0.9").replace(PSK_AUTH, CERT_AUTH));
            Admin.ok(b, "reload");
            Admin.writePolicy(a, Admin.policy(A, B, "aes128gcm16", "60m", "it.psk", "198.18.0.10").replace(PSK_AUTH, CERT_AUTH));
            String reloaded = Admin.ok(a, "reload").out();
            assertTrue(Admin.await(10, () -> Admin.json(a, "show", "mm").getAsJsonArray("sas").isEmpty()
                    && Admin.json(a, "show", "qm").getAsJsonArray("sas").isEmpty()), "the PSK SAs are gone on A:\n" + reloaded + a.oakleyLog());
            assertTrue(Admin.await(10, () -> Admin.json(b, "show", "mm").getAsJsonArray("sas").isEmpty()
                    && Admin.json(b, "show", "qm").getAsJsonArray("sas").isEmpty()), "and on B:\n" + b.oakleyLog());
            assertTrue(b.oakleyLog().contains("authentication is no longer in the policy")
                    || a.oakleyLog().contains("authentication is no longer in the policy"), a.oakleyLog() + b.oakleyLog());

            assertTrue(Admin.ping(lab.a, A, B, 3), "a new Main Mode, by certificate:\n" + a.oakleyLog() + b.oakleyLog());
            JsonObject certSa = onlyMainMode(a);
            assertTrue(Admin.str(certSa, "authentication").startsWith("ecdsa"), certSa.toString());
        }
    }

    private static JsonObject onlyMainMode(IkdNode ikd) {
        JsonArray sas = Admin.json(ikd, "show", "mm").getAsJsonArray("sas");
        assertEquals(1, sas.size(), sas.toString());
        return sas.get(0).getAsJsonObject();
    }

    private static void pki(TestCa ca, Path home, String address, Instant now) throws Exception {
        Files.createDirectories(home);
        KeyPair keys = TestCa.ec("secp256r1");
        X509Certificate c = ca.issue("CN=" + address, keys.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 10), TestCa.ip(address));
        Files.writeString(home.resolve("host.pem"), TestCa.pem(c));
        Files.writeString(home.resolve("ca.pem"), TestCa.pem(ca.certificate()));
        Files.writeString(home.resolve("host.key"), TestCa.pem(keys.getPrivate()));
        Files.setPosixFilePermissions(home.resolve("host.key"), PosixFilePermissions.fromString("rw-------"));
    }
}
