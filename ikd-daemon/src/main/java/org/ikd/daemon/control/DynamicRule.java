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
 * @param options         what else a policy file's rule may say (certificates, IDs, DPD, NAT-T, replay window) and --persist
 */
public record DynamicRule(String name, List<FilterSpec> filters, String action, List<String> securityMethods,
                          Long lifetimeSeconds, Long lifetimeKilobytes, String pfsGroup, boolean acceptUnsecured,
                          boolean fallbackToClear, String pskFile, String tunnelEndpoint, Options options) {
    public DynamicRule {
        filters = filters == null ? List.of() : List.copyOf(filters);
        securityMethods = securityMethods == null ? List.of() : List.copyOf(securityMethods);
        if (options == null) options = Options.NONE;
    }

    /** Without the rule options: a PSK rule as before. */
    public DynamicRule(String name, List<FilterSpec> filters, String action, List<String> securityMethods,
                       Long lifetimeSeconds, Long lifetimeKilobytes, String pfsGroup, boolean acceptUnsecured,
                       boolean fallbackToClear, String pskFile, String tunnelEndpoint) {
        this(name, filters, action, securityMethods, lifetimeSeconds, lifetimeKilobytes, pfsGroup, acceptUnsecured,
                fallbackToClear, pskFile, tunnelEndpoint, Options.NONE);
    }

    /**
     * The rule keys of the policy file beyond a PSK (policy-reference.md, {@code [[rules]]}), each
     * null for the file's default; paths absolute; {@code aggressive}: phase 1 in Aggressive Mode
     * (the file's {@code aggressive = true}, with its warning). {@code persist}: also written to the drop-in
     * directory {@code policy.d/} beside the policy file, which ikd reads at start.
     */
    public record Options(String certificate, String key, List<String> cas, String crl, String localId, String peerId,
                          String dpdDelay, String dpdTimeout, String dpdAction, String natTraversal, String natKeepalive,
                          Integer replayWindow, boolean persist, boolean aggressive) {
        public static final Options NONE = new Options(null, null, List.of(), null, null, null, null, null, null, null, null, null, false, false);

        public Options {
            cas = cas == null ? List.of() : List.copyOf(cas);
        }

        public boolean hasDpd() {
            return dpdDelay != null || dpdTimeout != null || dpdAction != null;
        }
    }

    /**
     * One filter: addresses or prefixes, or {@code me} (any local address), or {@code any};
     * protocol {@code any}, {@code icmp}, {@code tcp}, {@code udp} or a number; ports null for any.
     */
    public record FilterSpec(String source, String destination, String protocol, Integer sourcePort,
                             Integer destinationPort, boolean mirrored) {
    }
}
