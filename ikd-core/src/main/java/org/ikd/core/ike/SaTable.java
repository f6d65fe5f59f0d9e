package org.ikd.core.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ISAKMP SAs by cookie pair, by serial (for timers), and, while Main Mode runs, by initiator
 * cookie alone: an initiator does not know the responder cookie until message 2, and a responder
 * must map a retransmitted message 1 (responder cookie still 0) to the SA it already made; and
 * by peer address, so that finding a peer's SAs does not scan all of them (1,000 peers made every
 * Main Mode cost a scan of the table, several times). Keeps the counts the half-open limit and
 * the gauges need. Confined to the IKE event loop.
 */
final class SaTable {
    private final Map<CookiePair, IsakmpSa> byCookies = new HashMap<>();
    private final Map<Long, IsakmpSa> bySerial = new HashMap<>();
    private final Map<Long, IsakmpSa> halfOpen = new LinkedHashMap<>();          // oldest first
    /** Each peer address's SAs, oldest first. */
    private final Map<InetAddress, List<IsakmpSa>> byPeer = new HashMap<>();
    /**
     * The cookies of the last {@link #RECENT} established SAs removed. Both ends of a spent SA delete it
     * (master-key PFS: after every Quick Mode), so the two Deletes cross (RFC 2408 §3.15 asks for no
     * answer); the peer's arriving for an SA we just removed is no Invalid Cookie. Cookies are random
     * 64-bit values (RFC 2408 §2.5.3): no live SA is ever mistaken for one of these.
     */
    private final Map<CookiePair, Boolean> recent = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CookiePair, Boolean> eldest) {
            return size() > RECENT;
        }
    };
    static final int RECENT = 1024;
    private int halfOpenResponders;
    private int established;

    IsakmpSa find(CookiePair cookies) {
        return byCookies.get(cookies);
    }

    IsakmpSa halfOpen(long initiatorCookie) {
        return halfOpen.get(initiatorCookie);
    }

    IsakmpSa bySerial(long serial) {
        return bySerial.get(serial);
    }

    boolean initiatorCookieInUse(long cookie) {
        return halfOpen.containsKey(cookie);
    }

    /** A fresh non-zero cookie (RFC 2408 §2.5.3) that no half-open SA of ours holds. */
    long newCookie(Entropy entropy) {
        while (true) {
            long c = entropy.nextLong();
            if (c != 0 && !initiatorCookieInUse(c)) return c;
        }
    }

    void add(IsakmpSa sa) {
        byCookies.put(sa.cookies(), sa);
        bySerial.put(sa.serial(), sa);
        index(sa, sa.remote().getAddress());
        sa.whenAddressChanges(this::moved);
        if (sa.state() == IsakmpSa.State.NEGOTIATING) {
            halfOpen.put(sa.cookies().initiator(), sa);
            if (sa.role() == IsakmpSa.Role.RESPONDER) halfOpenResponders++;
        }
    }

    /** An initiator learnt the responder cookie (Main Mode message 2). */
    void learnResponderCookie(IsakmpSa sa, long responder) {
        byCookies.remove(sa.cookies());
        sa.learnResponderCookie(responder);
        byCookies.put(sa.cookies(), sa);
    }

    void established(IsakmpSa sa) {
        if (halfOpen.remove(sa.cookies().initiator(), sa) && sa.role() == IsakmpSa.Role.RESPONDER) halfOpenResponders--;
        established++;
    }

    /** Removes {@code sa}; {@code wasEstablished} says which count it left. */
    void remove(IsakmpSa sa, boolean wasEstablished) {
        if (bySerial.remove(sa.serial()) == null) return;
        byCookies.remove(sa.cookies(), sa);
        unindex(sa, sa.remote().getAddress());
        sa.whenAddressChanges(null);
        if (halfOpen.remove(sa.cookies().initiator(), sa) && sa.role() == IsakmpSa.Role.RESPONDER) halfOpenResponders--;
        if (wasEstablished) {
            established--;
            recent.put(sa.cookies(), Boolean.TRUE);
        }
    }

    /** {@code cookies} were those of an established SA removed lately (see {@link #RECENT}). */
    boolean recentlyRemoved(CookiePair cookies) {
        return recent.containsKey(cookies);
    }

    private void index(IsakmpSa sa, InetAddress peer) {
        byPeer.computeIfAbsent(peer, p -> new ArrayList<>(2)).add(sa);
    }

    private void unindex(IsakmpSa sa, InetAddress peer) {
        List<IsakmpSa> l = byPeer.get(peer);
        if (l == null) return;
        l.remove(sa);
        if (l.isEmpty()) byPeer.remove(peer);
    }

    /** A NAT moved {@code sa}'s peer to another address (RFC 3947 §4). */
    private void moved(IsakmpSa sa, InetAddress was) {
        if (!bySerial.containsKey(sa.serial())) return;
        unindex(sa, was);
        index(sa, sa.remote().getAddress());
    }

    /** Every SA, in any state, with {@code peer}, oldest first; a copy. */
    List<IsakmpSa> withPeer(InetAddress peer) {
        List<IsakmpSa> l = byPeer.get(peer);
        return l == null ? List.of() : new ArrayList<>(l);
    }

    private List<IsakmpSa> indexed(InetAddress peer) {
        return byPeer.getOrDefault(peer, List.of());
    }

    /**
     * The newest established SA with {@code peer} that may key a Quick Mode (charon and Windows reuse
     * it too): not superseded by a renewal, not spent by its Quick Mode limit, and {@code authorized}
     * for the rule at hand (its Main Mode authentication is one the rule accepts).
     */
    IsakmpSa establishedWith(InetAddress peer, java.util.function.Predicate<IsakmpSa> authorized) {
        IsakmpSa newest = null;
        for (IsakmpSa sa : indexed(peer))
            if (sa.usable() && (newest == null || sa.serial() > newest.serial()) && authorized.test(sa)) newest = sa;
        return newest;
    }

    /** The newest established SA with {@code peer}, usable or not: one that can still carry an Informational. */
    IsakmpSa informingWith(InetAddress peer) {
        IsakmpSa newest = null;
        for (IsakmpSa sa : indexed(peer))
            if (sa.state() == IsakmpSa.State.ESTABLISHED && (newest == null || sa.serial() > newest.serial())) newest = sa;
        return newest;
    }

    /** SAs with the same peer as {@code sa} made after it, established or still negotiating. */
    List<IsakmpSa> newerThan(IsakmpSa sa) {
        List<IsakmpSa> out = new ArrayList<>();
        for (IsakmpSa other : indexed(sa.remote().getAddress()))
            if (other.serial() > sa.serial() && other.state() != IsakmpSa.State.DELETED) out.add(other);
        return out;
    }

    /** Any SA, in any state, with {@code peer}. */
    boolean anyWith(InetAddress peer) {
        return byPeer.containsKey(peer);
    }

    /** A Main Mode we initiated towards {@code peer} that is still running. */
    IsakmpSa initiatingWith(InetAddress peer) {
        for (IsakmpSa sa : indexed(peer))
            if (sa.role() == IsakmpSa.Role.INITIATOR && halfOpen.get(sa.cookies().initiator()) == sa) return sa;
        return null;
    }

    /** The responder Main Mode admitted first of those still running, or null: what the half-open limit gives up. */
    /**
     * The half-open Main Mode to give up at the limit: the oldest whose peer never answered our first
     * message, else the oldest. A peer that sent a second message echoed our responder cookie, so it
     * receives at its address (RFC 2408 §2.5.3): spoofed first messages can then no longer push it out
     * while it computes, however slowly.
     */
    IsakmpSa oldestHalfOpenResponder() {
        IsakmpSa oldest = null;
        for (IsakmpSa sa : halfOpen.values()) {
            if (sa.role() != IsakmpSa.Role.RESPONDER) continue;
            if (!sa.peerAnswered()) return sa;
            if (oldest == null) oldest = sa;
        }
        return oldest;
    }

    List<IsakmpSa> all() {
        return new ArrayList<>(bySerial.values());
    }

    int size() {
        return bySerial.size();
    }

    int halfOpenResponders() {
        return halfOpenResponders;
    }

    int establishedCount() {
        return established;
    }
}
