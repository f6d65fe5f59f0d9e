package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class XauthLockoutTest {
    private static final Instant T0 = Instant.parse("2026-12-07T20:00:00Z");

    @Test
    void theFifthWrongPasswordWithinTheWindowLocksTheUserForTheLockTime() {
        XauthLockout lockout = new XauthLockout();
        for (int i = 1; i < XauthLockout.THRESHOLD; i++) assertFalse(lockout.failed("alice", T0.plusSeconds(i)), "failure " + i);
        assertNull(lockout.lockedUntil("alice", T0.plusSeconds(10)));
        assertTrue(lockout.failed("alice", T0.plusSeconds(10)));
        assertEquals(T0.plusSeconds(10).plus(XauthLockout.LOCK), lockout.lockedUntil("alice", T0.plusSeconds(11)));
        assertNull(lockout.lockedUntil("bob", T0.plusSeconds(11)), "another user is not locked");
        assertNull(lockout.lockedUntil("alice", T0.plusSeconds(10).plus(XauthLockout.LOCK)), "the lock ends");
        assertFalse(lockout.failed("alice", T0.plusSeconds(10).plus(XauthLockout.LOCK)), "and the count starts again");
    }

    @Test
    void failuresSpreadBeyondTheWindowDoNotLock() {
        XauthLockout lockout = new XauthLockout();
        Instant t = T0;
        for (int i = 0; i < 3 * XauthLockout.THRESHOLD; i++) {
            assertFalse(lockout.failed("alice", t), "failure " + i);
            t = t.plus(XauthLockout.WINDOW.dividedBy(XauthLockout.THRESHOLD - 1)).plusSeconds(1);
        }
    }

    @Test
    void aRightPasswordClearsTheCount() {
        XauthLockout lockout = new XauthLockout();
        for (int i = 1; i < XauthLockout.THRESHOLD; i++) lockout.failed("alice", T0.plusSeconds(i));
        lockout.succeeded("alice");
        assertFalse(lockout.failed("alice", T0.plusSeconds(20)));
    }

    @Test
    void sprayedNamesNeitherGrowTheTableNorLiftALock() {
        XauthLockout lockout = new XauthLockout();
        for (int i = 0; i < XauthLockout.THRESHOLD; i++) lockout.failed("alice", T0);
        for (int i = 0; i < 2 * XauthLockout.CAPACITY; i++) lockout.failed("made-up-" + i, T0.plus(Duration.ofMillis(i)));
        assertEquals(XauthLockout.CAPACITY, lockout.tracked());
        assertNotNull(lockout.lockedUntil("alice", T0.plusSeconds(30)), "alice is still locked");
    }
}
