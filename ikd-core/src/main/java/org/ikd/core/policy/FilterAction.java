package org.ikd.core.policy;

import java.util.List;

/** What a rule does with matching traffic (Windows "filter action"). */
public sealed interface FilterAction {
    String name();

    /** Pass in the clear. */
    record Permit(String name) implements FilterAction {}

    /** Drop. */
    record Block(String name) implements FilterAction {}

    /**
     * Negotiate security. {@code methods} are offered (or accepted) in order.
     *
     * @param sessionKeyPfs     a fresh DH exchange in every Quick Mode (RFC 2409 §5.5)
     * @param acceptUnsecured   "Accept unsecured communication, but always respond using IPsec"
     * @param fallbackToClear   "Allow unsecured communication with non IPsec-aware computers"
     */
    record Negotiate(String name, List<SecurityMethod> methods, boolean sessionKeyPfs,
                     org.ikd.core.crypto.DhGroupId pfsGroup, boolean acceptUnsecured, boolean fallbackToClear)
            implements FilterAction {
        public Negotiate {
            methods = List.copyOf(methods);
            if (methods.isEmpty()) throw new IllegalArgumentException("filter action '" + name + "' offers no security method");
            if (sessionKeyPfs && pfsGroup == null) throw new IllegalArgumentException("session-key PFS needs a DH group");
        }
    }
}
