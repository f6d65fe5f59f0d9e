package org.ikd.core.ike;

/**
 * How many Quick Modes one ISAKMP SA may key: the Main Mode settings' Quick Mode limit (0: none;
 * master-key PFS: 1, Windows' "key exchange settings"); once spent, a new Main Mode keys the next.
 * Touched on the IKE event loop only.
 */
public final class QuickModeBudget {
    private int limit;
    private int started;

    /** Set when Main Mode completes, from the policy's Main Mode settings. */
    public void limit(int quickModes) {
        if (quickModes < 0) throw new IllegalArgumentException("Quick Mode limit " + quickModes + " (expected: >= 0)");
        this.limit = quickModes;
    }

    public int limit() { return limit; }

    /** Quick Modes started on the SA, by either side. */
    public int started() { return started; }

    void start() {
        started++;
    }

    /** It has keyed as many Quick Modes as its limit allows. */
    public boolean spent() {
        return limit > 0 && started >= limit;
    }
}
