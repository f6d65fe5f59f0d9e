package org.ikd.daemon.control;

import java.util.List;

/**
 * {@code ikdctl policy add}: a rule added to the running policy (ipsecpol's dynamic mode),
 * forgotten at restart. Words as in the policy file; the daemon validates them like
 * {@code ikd check} does and answers {@link ErrorCode#INVALID} with what is accepted.
 *
 * @param action          {@code permit}, {@code block} or {@code negotiate}
 * @param securityMethods e.g. {@code esp:aes128-sha1}, {@code ah:sha1+esp:aes128-sha1}, in offer order
 * @param lifetimeSeconds Quick Mode SA lifetime, null for the default (3600)
 * @param lifetimeKilobytes null for the default (100000)
 * @param pfsGroup        session-key PFS group ({@code modp2048}), or null
 * @param pskFile         absolute path of the pre-shared key file, or null
 * @param tunnelEndpoint  the peer's tunnel endpoint, or null for transport mode
 */
public record DynamicRule(String name, List<FilterSpec> filters, String action, List<String> securityMethods,
                          Long lifetimeSeconds, Long lifetimeKilobytes, String pfsGroup, boolean acceptUnsecured,
                          boolean fallbackToClear, String pskFile, String tunnelEndpoint) {
    public DynamicRule {
        filters = filters == null ? List.of() : List.copyOf(filters);
        securityMethods = securityMethods == null ? List.of() : List.copyOf(securityMethods);
    }

    /**
     * One filter: addresses or prefixes, or {@code me} (any local address), or {@code any};
     * protocol {@code any}, {@code icmp}, {@code tcp}, {@code udp} or a number; ports null for any.
     */
    public record FilterSpec(String source, String destination, String protocol, Integer sourcePort,
                             Integer destinationPort, boolean mirrored) {
    }
}
