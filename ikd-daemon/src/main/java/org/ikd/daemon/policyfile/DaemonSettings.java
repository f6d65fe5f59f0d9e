package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.List;

/**
 * Policy-wide settings the core model has no place for.
 *
 * @param localAddresses  what {@code me} means, from {@code local-addresses}; empty means the
 *                        host's addresses, which the daemon passes to the parser
 * @param defaultResponse the default response rule, or null when off
 */
public record DaemonSettings(String description, List<InetAddress> localAddresses, DefaultResponse defaultResponse) {
    public DaemonSettings {
        localAddresses = List.copyOf(localAddresses);
    }
}
