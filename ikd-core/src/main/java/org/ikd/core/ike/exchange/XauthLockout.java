package org.ikd.core.ike.exchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Online guessing of XAUTH passwords, bounded per user. {@code xauth-attempts} bounds the tries within one
 * Main Mode, but a road warrior that holds the group key may start another Main Mode at once (about three a
 * second in IkdRoadWarriorIT). So, as an account lockout policy does: {@link #THRESHOLD} wrong passwords for
 * one user within {@link #WINDOW} lock that user for {@link #LOCK}; meanwhile every answer for it is
 * refused without looking at the password, so guessing gains nothing. A right password before the
 * threshold clears the count. The user name is the key, not the address: road warriors share NAT
 * addresses. At most {@link #CAPACITY} users are tracked (names come from peers): the oldest entry that
 * is not locked goes, so that spraying made-up names cannot lift a lock.
 * Confined to the IKE event loop.
 */
final class XauthLockout {
    static final int THRESHOLD = 5;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration LOCK = Duration.ofMinutes(15);
    static final int CAPACITY = 4096;

    private record Failures(int count, Instant first, Instant lockedUntil) {}

    private final Map<String, Failures> byUser = new LinkedHashMap<>();

    /** When {@code user} may try again, if it is locked at {@code now}; null when it is not. */
    Instant lockedUntil(String user, Instant now) {
        Failures f = byUser.get(user);
        if (f == null || f.lockedUntil() == null) return null;
        if (now.isBefore(f.lockedUntil())) return f.lockedUntil();
        byUser.remove(user);                                     // the lock has passed: a fresh count
        return null;
    }

    /** A wrong password for {@code user}; true when this failure locks it. */
    boolean failed(String user, Instant now) {
        Failures f = byUser.remove(user);
        if (f == null || Duration.between(f.first(), now).compareTo(WINDOW) > 0) f = new Failures(0, now, null);
        int count = f.count() + 1;
        boolean locks = count >= THRESHOLD;
        byUser.put(user, new Failures(count, f.first(), locks ? now.plus(LOCK) : null));
        if (byUser.size() > CAPACITY) evictOne();
        return locks;
    }

    private void evictOne() {
        Iterator<Failures> it = byUser.values().iterator();
        while (it.hasNext()) {
            if (it.next().lockedUntil() == null) {
                it.remove();
                return;
            }
        }
        it = byUser.values().iterator();                       // every entry is locked: the oldest lock goes
        it.next();
        it.remove();
    }

    /** How many users are tracked. */
    int tracked() {
        return byUser.size();
    }

    /** A right password: the count starts again. */
    void succeeded(String user) {
        byUser.remove(user);
    }
}
