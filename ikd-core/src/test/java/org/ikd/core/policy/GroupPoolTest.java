package org.ikd.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Peer IDs as ikd logs them (CertificateIdentity.describe: addresses bare, "fqdn NAME", "dn" in RFC 2253 order). */
class GroupPoolTest {
    private static final Subnet POOL = Subnet.parse("198.18.201.0/24");

    @Test
    void anAddressPrefixTakesAddressIdsInsideIt() {
        GroupPool g = new GroupPool("198.18.33.0/24", POOL);
        assertTrue(g.matches("198.18.33.10"));
        assertFalse(g.matches("198.18.32.10"));
        assertFalse(g.matches("fqdn 198.18.33.10"), "a name is not an address");
        assertFalse(g.matches(null));
    }

    @Test
    void aNameWithAStarTakesItsSuffixWithoutOneOnlyItself() {
        assertTrue(new GroupPool("fqdn:*.sales.example", POOL).matches("fqdn Bob.Sales.Example"));
        assertFalse(new GroupPool("fqdn:*.sales.example", POOL).matches("fqdn bob.dev.example"));
        assertFalse(new GroupPool("fqdn:*.sales.example", POOL).matches("user_fqdn bob@x.sales.example"), "another ID type");
        assertTrue(new GroupPool("user_fqdn:*@sales.example", POOL).matches("user_fqdn bob@sales.example"));
        assertTrue(new GroupPool("fqdn:gw.example", POOL).matches("fqdn gw.example"));
    }

    @Test
    void aDistinguishedNameGroupIsOneOfItsRdns() {
        GroupPool g = new GroupPool("dn:OU=Sales", POOL);
        assertTrue(g.matches("dn CN=bob,OU=Sales,O=Lab"));
        assertFalse(g.matches("dn CN=eve,OU=Salesforce,O=Lab"), "a whole RDN, not a prefix of one");
        assertFalse(g.matches("198.18.33.10"));
    }

    @Test
    void theFirstMatchingGroupChoosesElseTheRulesPool() {
        RemoteAccess ra = new RemoteAccess(Subnet.parse("198.18.200.0/24"), List.of(), List.of(), 3, null, false, false,
                List.of(new GroupPool("198.18.33.0/24", POOL), new GroupPool("198.18.0.0/15", Subnet.parse("198.18.202.0/24"))));
        assertEquals(POOL, ra.poolFor("198.18.33.10"));
        assertEquals(Subnet.parse("198.18.202.0/24"), ra.poolFor("198.18.32.10"));
        assertEquals(Subnet.parse("198.18.200.0/24"), ra.poolFor("fqdn bob.example"));
    }

    @Test
    void refusesWhatNamesNoGroupAndPoolsTooSmall() {
        assertThrows(IllegalArgumentException.class, () -> new GroupPool("sales", POOL));
        assertThrows(IllegalArgumentException.class, () -> new GroupPool("dn:", POOL));
        assertThrows(IllegalArgumentException.class, () -> new GroupPool("198.18.33.0/24", Subnet.parse("198.18.201.0/31")));
    }
}
