package org.ikd.daemon.control;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;

/**
 * One rule of {@link PolicyView}: filter list + filter action + authentication + tunnel endpoint.
 *
 * @param action          {@code permit}, {@code block} or {@code negotiate}
 * @param actionName      the filter action's own name
 * @param securityMethods e.g. {@code esp:aes128-sha1 (3600s, 100000KB)}, in offer order
 * @param pfsGroup        session-key PFS group ({@code modp2048}), or null without PFS
 * @param authentication  e.g. {@code psk from /etc/ikd/peer.psk}, {@code certificate /etc/ikd/host.pem}
 * @param tunnelEndpoint  the peer's tunnel endpoint, or null for transport mode
 */
public record RuleView(String name, boolean dynamic, String filterList, List<String> filters, String action,
                       String actionName, List<String> securityMethods, String pfsGroup, boolean acceptUnsecured,
                       boolean fallbackToClear, List<String> authentication, String tunnelEndpoint) {
    public RuleView {
        filters = filters == null ? List.of() : List.copyOf(filters);
        securityMethods = securityMethods == null ? List.of() : List.copyOf(securityMethods);
        authentication = authentication == null ? List.of() : List.copyOf(authentication);
    }

    public static RuleView from(Rule rule) {
        List<String> filters = new ArrayList<>();
        for (Filter f : rule.filterList().filters()) filters.add(f.toString());
        List<String> methods = new ArrayList<>();
        String pfs = null;
        boolean acceptUnsecured = false;
        boolean fallback = false;
        if (rule.action() instanceof FilterAction.Negotiate n) {
            n.methods().forEach(m -> methods.add(describe(m)));
            pfs = n.sessionKeyPfs() ? n.pfsGroup().keyword() : null;
            acceptUnsecured = n.acceptUnsecured();
            fallback = n.fallbackToClear();
        }
        List<String> auth = new ArrayList<>();
        for (AuthenticationMethod a : rule.authentication()) auth.add(describe(a));
        return new RuleView(rule.name(), rule.dynamic(), rule.filterList().name(), filters, FilterTable.keyword(rule.action()),
                rule.action().name(), methods, pfs, acceptUnsecured, fallback, auth,
                rule.tunnelEndpoint() == null ? null : AddressText.of(rule.tunnelEndpoint()));
    }

    /** {@code esp:aes128-sha1 (3600s, 100000KB)}; a 0 limit reads "no limit". */
    static String describe(SecurityMethod m) {
        String seconds = m.lifetimeSeconds() == 0 ? "no time limit" : m.lifetimeSeconds() + "s";
        String kilobytes = m.lifetimeKilobytes() == 0 ? "no volume limit" : m.lifetimeKilobytes() + "KB";
        return m + " (" + seconds + ", " + kilobytes + ")";
    }

    /** Where the key comes from, never the key: a PSK's toString is {@code psk from SOURCE}. */
    static String describe(AuthenticationMethod a) {
        if (a instanceof AuthenticationMethod.PreSharedKey psk) return "psk from " + psk.source();
        if (a instanceof AuthenticationMethod.Certificate c) return "certificate " + c.certificate();
        if (a instanceof AuthenticationMethod.Kerberos k) return k.toString();
        return a.getClass().getSimpleName();
    }
}
