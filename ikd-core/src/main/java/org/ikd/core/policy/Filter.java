package org.ikd.core.policy;

import java.util.List;

/**
 * A Windows IPsec filter: one selector, optionally mirrored (the same filter also matches the
 * reverse direction, as every Windows filter does by default).
 */
public record Filter(Selector selector, boolean mirrored) {
    /** The selectors this filter contributes to the SPD, the mirror last. */
    public List<Selector> expand() {
        return mirrored ? List.of(selector, selector.mirror()) : List.of(selector);
    }

    @Override
    public String toString() {
        return selector + (mirrored ? " (mirrored)" : "");
    }
}
