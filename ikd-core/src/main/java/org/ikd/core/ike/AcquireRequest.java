package org.ikd.core.ike;

import java.net.InetAddress;
import java.util.Objects;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Selector;

/**
 * The data plane met traffic of a "negotiate" rule with no SA (RFC 2367's ACQUIRE): negotiate SAs
 * for {@code flow} under rule {@code ruleName} with {@code peer}, from {@code local}.
 */
public record AcquireRequest(String ruleName, Selector flow, InetAddress local, InetAddress peer) {
    public AcquireRequest {
        Objects.requireNonNull(ruleName, "ruleName");
        Objects.requireNonNull(flow, "flow");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(peer, "peer");
    }

    @Override
    public String toString() {
        return "acquire '" + ruleName + "' " + flow + " via " + AddressText.of(peer);
    }
}
