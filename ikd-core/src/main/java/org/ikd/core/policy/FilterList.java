package org.ikd.core.policy;

import java.util.List;

/** A named, ordered list of filters (Windows "IP filter list"). */
public record FilterList(String name, List<Filter> filters) {
    public FilterList {
        filters = List.copyOf(filters);
        if (filters.isEmpty()) throw new IllegalArgumentException("filter list '" + name + "' is empty");
    }
}
