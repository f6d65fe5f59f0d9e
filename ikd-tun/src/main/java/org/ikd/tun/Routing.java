package org.ikd.tun;

import java.io.IOException;
import java.util.List;

/**
 * Links, addresses, routes and policy-routing rules of one network namespace (the one the
 * implementation was opened in). Errors name the request and the kernel's reason.
 */
public interface Routing {
    /** The ifindex of a link, or -1 if there is no such link. */
    int interfaceIndex(String name) throws IOException;

    void setMtu(int interfaceIndex, int mtu) throws IOException;

    void addAddress(int interfaceIndex, LinkAddress address) throws IOException;

    /** Removes an address from a link (a road warrior's lease, when its ISAKMP SA goes). */
    void deleteAddress(int interfaceIndex, LinkAddress address) throws IOException;

    void setUp(int interfaceIndex) throws IOException;

    /** Deletes a link by name; false if there was none. */
    boolean deleteLink(String name) throws IOException;

    /** Fails if the route exists; see {@link #ensureRoute}. */
    void addRoute(Route route) throws IOException;

    /** Adds the route unless it exists: true if it was added. */
    boolean ensureRoute(Route route) throws IOException;

    /** Deletes the route: false if there was none. */
    boolean deleteRoute(Route route) throws IOException;

    /** Every route of {@code table}, both families, as the kernel reports them. */
    List<Route> listRoutes(int table) throws IOException;

    /** Deletes every route of {@code table} in both families, whatever its kind; returns how many. */
    int flushRoutes(int table) throws IOException;

    /** Fails if an identical rule exists. */
    void addRule(RoutingRule rule) throws IOException;

    /** Deletes the rule: false if there was none. */
    boolean deleteRule(RoutingRule rule) throws IOException;

    /** Every rule at {@code priority}, both families. */
    List<RoutingRule> listRules(int priority) throws IOException;

    /** Deletes every rule at {@code priority} in both families; returns how many. */
    int flushRules(int priority) throws IOException;
}
