package org.ikd.core.policy;

import java.net.InetAddress;
import java.util.List;

/**
 * A rule that serves road warriors (draft-beaulieu-ike-xauth-02, draft-dukes-ike-mode-cfg-02): any peer
 * address may run Main Mode with the rule's group key or certificate, then must pass XAUTH with a user
 * name and password before any Quick Mode; it gets a virtual address from {@code pool} (Mode-Config), and
 * its Quick Modes may ask only for that address on its side and the rule's filters on ours.
 *
 * @param pool         the virtual IPv4 addresses handed out (the network and broadcast addresses never are)
 * @param dns          INTERNAL_IP4_DNS servers, in order
 * @param splitInclude the networks behind us that the client tunnels (UNITY_SPLIT_INCLUDE, INTERNAL_IP4_SUBNET);
 *                     empty: the rule's filters say what is reachable, and the client may tunnel everything
 * @param attempts     XAUTH requests per Main Mode before the gateway gives up (1..5)
 * @param users        who may log in with XAUTH, and with which password
 * @param xauth        false: no XAUTH round, the Main Mode identity (a certificate's) is the user, as
 *                     for charon's {@code auth = pubkey} road warriors with {@code vips}; Mode-Config still
 *                     comes first, and Quick Modes only for the lease
 * @param push         true: the gateway sends the configuration itself (draft-dukes-ike-mode-cfg-02 §3.2
 *                     CFG_SET, the client ACKs) right after XAUTH; false: it waits for the client's CFG_REQUEST (pull)
 * @param groups       pools for groups of road warriors by their Main Mode identity, the first that matches
 *                     (else {@code pool})
 * @param pool6        virtual IPv6 addresses (INTERNAL_IP6_ADDRESS, draft-dukes-ike-mode-cfg-02 §3.2), /64../126; null: none
 */
public record RemoteAccess(Subnet pool, List<InetAddress> dns, List<Subnet> splitInclude, int attempts, XauthUsers users,
                           boolean xauth, boolean push, List<GroupPool> groups, Subnet pool6) {
    public static final int MAX_ATTEMPTS = 5;

    public RemoteAccess {
        dns = List.copyOf(dns);
        splitInclude = List.copyOf(splitInclude);
        groups = groups == null ? List.of() : List.copyOf(groups);
        if (users == null) users = XauthUsers.NONE;
        if (!pool.isIpv4()) throw new IllegalArgumentException("pool " + pool + " (expected: an IPv4 network)");
        if (pool.prefix() > 30) throw new IllegalArgumentException("pool " + pool + " (expected: a /30 or wider)");
        if (pool6 != null && (pool6.isIpv4() || pool6.prefix() < 64 || pool6.prefix() > 126))
            throw new IllegalArgumentException("pool6 " + pool6 + " (expected: an IPv6 prefix of /64 to /126)");
        if (attempts < 1 || attempts > MAX_ATTEMPTS)
            throw new IllegalArgumentException("XAUTH attempts " + attempts + " (expected: 1.." + MAX_ATTEMPTS + ")");
    }

    /** With XAUTH, pull. */
    public RemoteAccess(Subnet pool, List<InetAddress> dns, List<Subnet> splitInclude, int attempts, XauthUsers users) {
        this(pool, dns, splitInclude, attempts, users, true);
    }

    /** Pull. */
    public RemoteAccess(Subnet pool, List<InetAddress> dns, List<Subnet> splitInclude, int attempts, XauthUsers users, boolean xauth) {
        this(pool, dns, splitInclude, attempts, users, xauth, false);
    }

    /** One pool for all. */
    public RemoteAccess(Subnet pool, List<InetAddress> dns, List<Subnet> splitInclude, int attempts, XauthUsers users, boolean xauth,
                        boolean push) {
        this(pool, dns, splitInclude, attempts, users, xauth, push, List.of());
    }

    /** No IPv6 pool. */
    public RemoteAccess(Subnet pool, List<InetAddress> dns, List<Subnet> splitInclude, int attempts, XauthUsers users, boolean xauth,
                        boolean push, List<GroupPool> groups) {
        this(pool, dns, splitInclude, attempts, users, xauth, push, groups, null);
    }

    /** The pool for the peer that proved {@code peerId} in Main Mode: its group's, else the rule's. */
    public Subnet poolFor(String peerId) {
        return groups.stream().filter(g -> g.matches(peerId)).map(GroupPool::pool).findFirst().orElse(pool);
    }

    /** The tunnel endpoint a remote-access rule names: any peer (its address is whatever it comes from). */
    public static InetAddress anyPeer() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);                              // four bytes are always an address
        }
    }
}
