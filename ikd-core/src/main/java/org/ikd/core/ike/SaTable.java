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
 * must map a retransmitted message 1 (responder cookie still 0) to the SA it already made.
 * Keeps the counts the half-open limit and the gauges need. Confined to the IKE event loop.
 */
final class SaTable {
    private final Map<CookiePair, IsakmpSa> byCookies = new HashMap<>();
    private final Map<Long, IsakmpSa> bySerial = new HashMap<>();
    private final Map<Long, IsakmpSa> halfOpen = new LinkedHashMap<>();          // oldest first
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
        if (halfOpen.remove(sa.cookies().initiator(), sa) && sa.role() == IsakmpSa.Role.RESPONDER) halfOpenResponders--;
        if (wasEstablished) established--;
    }

    /**
     * The newest established SA with {@code peer} that may key a Quick Mode (charon and Windows reuse
     * it too): not superseded by a renewal, not spent by its Quick Mode limit.
     */
    IsakmpSa establishedWith(InetAddress peer) {
        IsakmpSa newest = null;
        for (IsakmpSa sa : bySerial.values())
            if (sa.usable() && sa.remote().getAddress().equals(peer) && (newest == null || sa.serial() > newest.serial())) newest = sa;
        return newest;
    }

    /** The newest established SA with {@code peer}, usable or not: one that can still carry an Informational. */
    IsakmpSa informingWith(InetAddress peer) {
        IsakmpSa newest = null;
        for (IsakmpSa sa : bySerial.values())
            if (sa.state() == IsakmpSa.State.ESTABLISHED && sa.remote().getAddress().equals(peer)
                    && (newest == null || sa.serial() > newest.serial())) newest = sa;
        return newest;
    }

    /** SAs with the same peer as {@code sa} made after it, established or still negotiating. */
    List<IsakmpSa> newerThan(IsakmpSa sa) {
        List<IsakmpSa> out = new ArrayList<>();
        for (IsakmpSa other : bySerial.values())
            if (other.serial() > sa.serial() && other.state() != IsakmpSa.State.DELETED
                    && other.remote().getAddress().equals(sa.remote().getAddress())) out.add(other);
        return out;
    }

    /** Any SA, in any state, with {@code peer}. */
    boolean anyWith(InetAddress peer) {
        for (IsakmpSa sa : bySerial.values()) if (sa.remote().getAddress().equals(peer)) return true;
        return false;
    }

    /** A Main Mode we initiated towards {@code peer} that is still running. */
    IsakmpSa initiatingWith(InetAddress peer) {
        for (IsakmpSa sa : halfOpen.values())
            if (sa.role() == IsakmpSa.Role.INITIATOR && sa.remote().getAddress().equals(peer)) return sa;
        return null;
    }

    /** The responder Main Mode admitted first of those still running, or null: what the half-open limit gives up. */
    IsakmpSa oldestHalfOpenResponder() {
        for (IsakmpSa sa : halfOpen.values())
            if (sa.role() == IsakmpSa.Role.RESPONDER) return sa;
        return null;
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
