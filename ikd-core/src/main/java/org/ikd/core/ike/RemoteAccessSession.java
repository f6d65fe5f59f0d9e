package org.ikd.core.ike;

import java.net.InetAddress;

/**
 * What a road warrior's ISAKMP SA has done beyond Main Mode (draft-beaulieu-ike-xauth-02,
 * draft-dukes-ike-mode-cfg-02): which remote-access rule it came under, whether XAUTH succeeded and
 * for which user, and the virtual address it leased. Until XAUTH succeeds the SA may carry no Quick
 * Mode and get no address. The lease goes back to its pool when the ISAKMP SA goes
 * ({@link SaLifecycle#remove}). Confined to the IKE event loop.
 */
public final class RemoteAccessSession {
    public enum State { XAUTH_PENDING, AUTHENTICATED, FAILED }

    /** Gives a leased address back (the pool's). */
    public interface Release {
        void release(InetAddress address);
    }

    private final String ruleName;
    private State state = State.XAUTH_PENDING;
    private String user;
    private int attempts;
    private InetAddress leased;
    private Release release;
    private InetAddress leased6;
    private Release release6;

    public RemoteAccessSession(String ruleName) {
        this.ruleName = ruleName;
    }

    public String ruleName() { return ruleName; }
    public State state() { return state; }
    public boolean authenticated() { return state == State.AUTHENTICATED; }
    /** The XAUTH user name once it succeeded (also the last one tried when it failed); null before. */
    public String user() { return user; }
    public int attempts() { return attempts; }
    /** The virtual address, or null before Mode-Config gave one. */
    public InetAddress leased() { return leased; }
    /** The virtual IPv6 address (INTERNAL_IP6_ADDRESS), or null. */
    public InetAddress leased6() { return leased6; }

    /** Mode-Config gave it an address of either family. */
    public boolean hasLease() {
        return leased != null || leased6 != null;
    }

    /** True when {@code side} is one of its leased addresses, one host. */
    public boolean holds(org.ikd.core.policy.Subnet side) {
        return leased != null && side.equals(org.ikd.core.policy.Subnet.host(leased))
                || leased6 != null && side.equals(org.ikd.core.policy.Subnet.host(leased6));
    }

    /** One more XAUTH request went out; returns how many so far. */
    public int attempt() {
        return ++attempts;
    }

    public void authenticated(String name) {
        this.user = name;
        this.state = State.AUTHENTICATED;
    }

    public void failed(String name) {
        this.user = name;
        this.state = State.FAILED;
    }

    public void lease(InetAddress address, Release back) {
        if (leased != null) throw new IllegalStateException("already leased " + leased);
        this.leased = address;
        this.release = back;
    }

    public void lease6(InetAddress address, Release back) {
        if (leased6 != null) throw new IllegalStateException("already leased " + leased6);
        this.leased6 = address;
        this.release6 = back;
    }

    /** The ISAKMP SA is gone: its addresses go back to their pools (once). */
    void release() {
        if (leased != null && release != null) release.release(leased);
        if (leased6 != null && release6 != null) release6.release(leased6);
        release = null;
        release6 = null;
    }
}
