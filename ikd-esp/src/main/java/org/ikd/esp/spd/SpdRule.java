package org.ikd.esp.spd;

import java.util.List;
import org.ikd.core.policy.Selector;

/**
 * One SPD rule as the daemon translates a Windows-style policy rule: its selectors (filters,
 * with mirrored ones already expanded), its order (lower first) and its action.
 *
 * @param acceptUnsecured  "accept unsecured communication": inbound enforcement only (nftables)
 * @param fallbackToClear  "allow unsecured communication with non IPsec-aware computers": the
 *                         daemon may send in the clear when negotiation fails
 */
public record SpdRule(String name, int order, List<Selector> selectors, Action action,
                      boolean acceptUnsecured, boolean fallbackToClear) {
    /** RFC 4301 §4.4.1: PROTECT (negotiate), BYPASS (permit) or DISCARD (block). */
    public enum Action { PERMIT, BLOCK, NEGOTIATE }

    public SpdRule {
        selectors = List.copyOf(selectors);
        if (name == null || name.isBlank()) throw new IllegalArgumentException("an SPD rule needs a name");
        if (selectors.isEmpty()) throw new IllegalArgumentException("SPD rule '" + name + "' has no selector");
    }

    public static SpdRule of(String name, int order, Action action, Selector... selectors) {
        return new SpdRule(name, order, List.of(selectors), action, false, false);
    }
}
