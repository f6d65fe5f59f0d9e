package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Cookies print as strongSwan's and Windows' logs show them: two 16-digit hex numbers (RFC 2408 §3.1, 8 octets each). */
class CookiePairTest {
    @Test
    void printsBothCookiesAsSixteenHexDigitsWithLeadingZeros() {
        assertEquals("0123456789abcdef/0000000000000001", new CookiePair(0x0123456789abcdefL, 1).toString());
        assertEquals("0000000000000abc/0000000000000000", new CookiePair(0xabcL, 0).toString());
    }

    @Test
    void printsCookiesWithTheTopBitSetAsUnsignedOctets() {
        assertEquals("fedcba9876543210/8000000000000000", new CookiePair(0xfedcba9876543210L, Long.MIN_VALUE).toString());
    }
}
