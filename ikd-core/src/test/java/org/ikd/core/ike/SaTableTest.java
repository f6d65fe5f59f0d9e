package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SA table's look-ups by peer address, which no longer scan every SA (1,000 peers). */
class SaTableTest {
    private static final Instant T = Instant.parse("2026-11-27T10:00:00Z");
    private static final InetSocketAddress LOCAL = new InetSocketAddress(ip("198.18.0.1"), 500);
    private final SaTable table = new SaTable();

    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private IsakmpSa add(long serial, String peer, IsakmpSa.Role role, boolean established) {
        IsakmpSa sa = new IsakmpSa(serial, new CookiePair(serial * 7, role == IsakmpSa.Role.RESPONDER ? serial * 11 : 0), role,
                LOCAL, new InetSocketAddress(ip(peer), 500), false, T);
        table.add(sa);
        if (established) {
            sa.establish(T.plusSeconds(3600));
            table.established(sa);
        }
        return sa;
    }

    @Test
    void findsEachPeersSasAmongAThousandOthers() {
        for (int k = 0; k < 1000; k++) add(k + 1, "198.18." + (1 + k / 250) + "." + (k % 250 + 2), IsakmpSa.Role.RESPONDER, true);
        IsakmpSa older = table.bySerial(600);
        InetAddress peer = older.remote().getAddress();
        IsakmpSa newer = add(2000, peer.getHostAddress(), IsakmpSa.Role.RESPONDER, true);
        assertEquals(List.of(older, newer), table.withPeer(peer));
        assertSame(newer, table.establishedWith(peer, s -> true), "the newest usable SA keys Quick Modes");
        assertSame(newer, table.informingWith(peer));
        assertEquals(List.of(newer), table.newerThan(older));
        assertTrue(table.anyWith(peer));
        assertFalse(table.anyWith(ip("198.18.200.9")));
        table.remove(newer, true);
        assertSame(older, table.establishedWith(peer, s -> true));
        assertEquals(List.of(older), table.withPeer(peer));
    }

    @Test
    void atTheHalfOpenLimitAPeerThatAnsweredOutlivesNewerOnesThatDidNot() {
        IsakmpSa answered = add(1, "198.18.0.2", IsakmpSa.Role.RESPONDER, false);
        IsakmpSa silent = add(2, "198.18.0.3", IsakmpSa.Role.RESPONDER, false);
        add(3, "198.18.0.4", IsakmpSa.Role.RESPONDER, false);
        assertSame(answered, table.oldestHalfOpenResponder(), "none answered yet: the oldest");
        answered.peerAnswered(true);
        assertSame(silent, table.oldestHalfOpenResponder(), "the oldest that never sent its second message");
        table.remove(silent, false);
        table.bySerial(3).peerAnswered(true);
        assertSame(answered, table.oldestHalfOpenResponder(), "all answered: the oldest again");
    }

    @Test
    void followsAPeerANatMovedToAnotherAddress() {
        IsakmpSa sa = add(1, "198.18.0.2", IsakmpSa.Role.RESPONDER, true);
        sa.peerMoved(new InetSocketAddress(ip("198.18.0.9"), 4500));
        assertEquals(List.of(), table.withPeer(ip("198.18.0.2")));
        assertSame(sa, table.establishedWith(ip("198.18.0.9"), s -> true));
        table.remove(sa, true);
        assertFalse(table.anyWith(ip("198.18.0.9")));
        sa.peerMoved(new InetSocketAddress(ip("198.18.0.7"), 4500));        // removed: the table no longer follows it
        assertFalse(table.anyWith(ip("198.18.0.7")));
    }

    @Test
    void findsOurRunningMainModeWithAPeerOnlyWhileItIsHalfOpen() {
        IsakmpSa ours = add(1, "198.18.0.2", IsakmpSa.Role.INITIATOR, false);
        add(2, "198.18.0.2", IsakmpSa.Role.RESPONDER, false);
        assertSame(ours, table.initiatingWith(ip("198.18.0.2")));
        ours.establish(T.plusSeconds(3600));
        table.established(ours);
        assertNull(table.initiatingWith(ip("198.18.0.2")));
    }

    @Test
    void remembersTheCookiesOfTheLastEstablishedSasRemovedAndNoMore() {
        IsakmpSa first = add(1, "198.18.0.2", IsakmpSa.Role.RESPONDER, true);
        IsakmpSa halfOpen = add(2, "198.18.0.3", IsakmpSa.Role.RESPONDER, false);
        table.remove(first, true);
        table.remove(halfOpen, false);
        assertTrue(table.recentlyRemoved(first.cookies()), "its peer's crossing Delete is no Invalid Cookie");
        assertFalse(table.recentlyRemoved(halfOpen.cookies()), "never established: nothing of it can cross");
        for (int k = 0; k < SaTable.RECENT; k++) table.remove(add(10 + k, "198.18.1.2", IsakmpSa.Role.RESPONDER, true), true);
        assertFalse(table.recentlyRemoved(first.cookies()), "bounded: the oldest is forgotten");
        assertTrue(table.recentlyRemoved(new CookiePair((10 + SaTable.RECENT - 1) * 7L, (10 + SaTable.RECENT - 1) * 11L)));
    }
}
