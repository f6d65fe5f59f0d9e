package org.ikd.it.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.pki.TestCa;
import org.ikd.it.lab.HubAndSpokes;
import org.ikd.it.lab.IkdNode;

/**
 * conf/hub.toml on the hub gateway of a {@link HubAndSpokes} lab with the three spokes' example
 * keys (conf/spoke-1.psk ... spoke-3.psk), and conf/spoke-i.toml on spoke i with its own key only,
 * as shipped. Launched side by side; the caller waits with {@link IkdNode#awaitReady()}.
 */
final class ShippedHubAndSpokes {
    /** Four JVMs start side by side on two loaded cores: more than the plain 30 s to be ready. */
    private static final IkdNode.Launch SLOW_START = IkdNode.Launch.plain().withReady(Duration.ofSeconds(90));

    private ShippedHubAndSpokes() {}

    static IkdNode hub(HubAndSpokes lab, Path dir) throws IOException {
        return ShippedSiteToSite.launch(lab.hub().gateway(), dir.resolve("hub"), "hub.toml",
                List.of(key(1), key(2), key(3)), SLOW_START);
    }

    static IkdNode spoke(HubAndSpokes lab, int i, Path dir) throws IOException {
        return ShippedSiteToSite.launch(lab.spoke(i).gateway(), dir.resolve("spoke-" + i), "spoke-" + i + ".toml",
                List.of(key(i)), SLOW_START);
    }

    /**
     * The same files, but spoke 3 and the hub's rule spoke-3 authenticate with certificates of
     * {@code pki} instead of spoke-3.psk: each side's certificate (its WAN address as an iPAddress
     * subjectAltName, so the shipped local-id and peer-id name it), its key (0600) and the CA.
     */
    static List<IkdNode> withSpoke3Certificate(HubAndSpokes lab, Path dir) throws IOException {
        Instant now = Instant.now();
        TestCa ca = new TestCa("CN=ikb hub-and-spokes test CA", TestCa.ec("secp256r1"), now.minusSeconds(86400), now.plusSeconds(86400 * 30));
        Path conf = IkdNode.root().resolve("conf");
        String hubToml = Files.readString(conf.resolve("hub.toml"));
        String spokeToml = Files.readString(conf.resolve("spoke-3.toml"));
        String psk = "authentication = [ { psk-file = \"spoke-3.psk\" } ]";
        String cert = "authentication = [ { certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"] } ]";
        assertTrue(hubToml.contains(psk) && spokeToml.contains(psk), "the shipped spoke-3 rules changed");
        List<IkdNode> nodes = new ArrayList<>();
        try {
            Path hubHome = dir.resolve("hub");
            writePki(ca, hubHome, lab.hub().wan(), now);
            for (String k : List.of(key(1), key(2))) ShippedSiteToSite.copyKey(conf, hubHome, k);
            nodes.add(IkdNode.launch(lab.hub().gateway(), hubHome, hubToml.replace(psk, cert), SLOW_START));
            for (int i = 1; i <= 2; i++) nodes.add(spoke(lab, i, dir));
            Path spokeHome = dir.resolve("spoke-3");
            writePki(ca, spokeHome, lab.spoke(3).wan(), now);
            nodes.add(IkdNode.launch(lab.spoke(3).gateway(), spokeHome, spokeToml.replace(psk, cert), SLOW_START));
        } catch (IOException | RuntimeException e) {
            nodes.forEach(IkdNode::close);
            throw e;
        }
        return nodes;
    }

    private static void writePki(TestCa ca, Path home, String wan, Instant now) throws IOException {
        KeyPair keys = TestCa.ec("secp256r1");
        X509Certificate c = ca.issue("CN=" + wan, keys.getPublic(), now.minusSeconds(3600), now.plusSeconds(86400 * 7), TestCa.ip(wan));
        Files.createDirectories(home);
        Files.writeString(home.resolve("host.pem"), TestCa.pem(c));
        Files.writeString(home.resolve("ca.pem"), TestCa.pem(ca.certificate()));
        Path key = home.resolve("host.key");
        Files.writeString(key, TestCa.pem(keys.getPrivate()));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    /** Spoke i's own key file, the same name on the hub and on spoke i. */
    static String key(int spoke) {
        return "spoke-" + spoke + ".psk";
    }
}
