package org.ikd.tun.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Read-only lookups on the host namespace, which need no privilege: the binding and a round trip work. */
class RtnetlinkTest {
    @Test
    void findsLoopbackAtIndexOneAsEveryNamespaceHasIt() throws Exception {
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            assertEquals(1, rtnetlink.interfaceIndex("lo"));
        }
    }

    @Test
    void answersMinusOneForALinkThatDoesNotExist() throws Exception {
        try (Rtnetlink rtnetlink = Rtnetlink.open()) {
            assertEquals(-1, rtnetlink.interfaceIndex("ikdnosuchlink"));
        }
    }
}
