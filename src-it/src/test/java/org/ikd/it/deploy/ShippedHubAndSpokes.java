package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /** Spoke i's own key file, the same name on the hub and on spoke i. */
    static String key(int spoke) {
        return "spoke-" + spoke + ".psk";
    }
}
