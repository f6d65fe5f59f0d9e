package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterList;

/** A named filter list as written; {@link #resolve} gives the core {@link FilterList} for this host. */
public record FilterListTemplate(String name, List<FilterTemplate> filters) {
    public FilterListTemplate {
        filters = List.copyOf(filters);
    }

    public boolean usesMe() {
        return filters.stream().anyMatch(FilterTemplate::usesMe);
    }

    /** Empty when no filter applies to this host (every filter says {@code me} and no address fits). */
    public Optional<FilterList> resolve(List<InetAddress> localAddresses) {
        List<Filter> out = new ArrayList<>();
        for (FilterTemplate f : filters) out.addAll(f.resolve(localAddresses));
        return out.isEmpty() ? Optional.empty() : Optional.of(new FilterList(name, out));
    }
}
