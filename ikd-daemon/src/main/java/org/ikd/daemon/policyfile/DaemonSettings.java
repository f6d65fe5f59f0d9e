package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.ike.FragmentationSettings;

/**
 * Policy-wide settings the core model has no place for.
 *
 * @param localAddresses  what {@code me} means, from {@code local-addresses}; empty means the
 *                        host's addresses, which the daemon passes to the parser
 * @param defaultResponse the default response rule, or null when off
 * @param fragmentation   {@code ike-fragmentation} and {@code ike-fragment-size} (read at start)
 */
public record DaemonSettings(String description, List<InetAddress> localAddresses, DefaultResponse defaultResponse,
                             FragmentationSettings fragmentation) {
    public DaemonSettings {
        localAddresses = List.copyOf(localAddresses);
        java.util.Objects.requireNonNull(fragmentation, "fragmentation");
    }

    /** Settings with the default IKE fragmentation. */
    public DaemonSettings(String description, List<InetAddress> localAddresses, DefaultResponse defaultResponse) {
        this(description, localAddresses, defaultResponse, FragmentationSettings.DEFAULT);
    }
}
