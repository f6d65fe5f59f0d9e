package org.ikd.tun;

/**
 * A policy-routing rule that sends packets to a table, selected by firewall mark (rtnetlink(7)
 * {@code RTM_NEWRULE}, linux/fib_rules.h): {@code ip rule add not fwmark 0x1d1 lookup 220 pref 220}.
 * A rule with mask 0 matches every packet.
 *
 * @param priority   unsigned, as the kernel keeps it
 * @param invertMark true for "not fwmark": packets whose mark differs use the table
 * @param table      0 when the rule's action is not a table lookup (blackhole, goto, ...)
 */
public record RoutingRule(IpFamily family, int priority, int table, int fwmark, int fwmask, boolean invertMark) {
    public RoutingRule {
        if (table < 0) throw new IllegalArgumentException("table " + table + " (expected: >= 0)");
    }

    /** ikd's rule: every packet not carrying {@code mark} looks up {@code table} first. */
    public static RoutingRule notMarked(IpFamily family, int priority, int mark, int table) {
        if (table <= 0) throw new IllegalArgumentException("table " + table + " (expected: 1.." + Integer.MAX_VALUE + ")");
        return new RoutingRule(family, priority, table, mark, 0xffffffff, true);
    }

    @Override
    public String toString() {
        String match = fwmask == 0 ? "from all"
                : (invertMark ? "not " : "") + "from all fwmark 0x" + Integer.toHexString(fwmark)
                + (fwmask == 0xffffffff ? "" : "/0x" + Integer.toHexString(fwmask));
        return family + " " + Integer.toUnsignedString(priority) + ": " + match + " lookup " + table;
    }
}
