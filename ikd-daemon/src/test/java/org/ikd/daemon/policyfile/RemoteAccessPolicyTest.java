package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.RemoteAccess;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A remote-access rule (docs/remote-access.md): its table, its users file, and the errors an admin sees. */
class RemoteAccessPolicyTest {
    private static final String SECRET = "s3cret-of-alice";

    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void keys() {
        files = new PolicyFiles(dir);
        files.psk("group.psk", "group key\n");
        files.psk("users.xauth", "# the office\nalice:" + SECRET + "\nbob:other\n");
    }

    private static String rule(String tunnel, String remoteAccess) {
        return """
                [filter-lists.l]
                filters = [ { source = "198.18.10.0/24", destination = "198.18.200.0/24" } ]

                [filter-actions.a]
                action = "negotiate"

                [[rules]]
                name = "rw"
                filter-list = "l"
                filter-action = "a"
                authentication = [ { psk-file = "group.psk" } ]
                %s
                remote-access = %s
                """.formatted(tunnel, remoteAccess);
    }

    private static final String ANY = "tunnel = { remote = \"any\", local = \"198.18.0.1\" }";

    @Test
    void readsTheRuleItsPoolAndItsUsers() throws Exception {
        ParsedPolicy p = files.parse(rule(ANY, "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\", dns = [\"198.18.10.53\"],"
                + " split-include = [\"198.18.10.0/24\"], xauth-attempts = 2 }"));
        Rule r = p.policy().rules().get(0);
        assertTrue(r.isRemoteAccess());
        assertEquals(RemoteAccess.anyPeer(), r.tunnelEndpoint());
        RemoteAccess ra = r.options().remoteAccess();
        assertEquals(Subnet.parse("198.18.200.0/24"), ra.pool());
        assertEquals(List.of(Subnet.parse("198.18.10.0/24")), ra.splitInclude());
        assertEquals(2, ra.attempts());
        assertTrue(ra.users().verify("alice", Bytes.of(SECRET.getBytes())));
        assertFalse(ra.users().verify("alice", Bytes.of("other".getBytes())));
        assertFalse(ra.users().verify("carol", Bytes.of(SECRET.getBytes())));
        assertFalse(ra.users().toString().contains(SECRET), ra.users().toString());
    }

    @Test
    void readsModeConfigPushAndPullIsTheDefault() throws Exception {
        String users = "pool = \"198.18.200.0/24\", users-file = \"users.xauth\"";
        assertFalse(files.parse(rule(ANY, "{ " + users + " }")).policy().rules().get(0).options().remoteAccess().push());
        assertTrue(files.parse(rule(ANY, "{ " + users + ", mode-config = \"push\" }")).policy().rules().get(0).options().remoteAccess().push());
    }

    @Test
    void readsGroupPoolsInOrder() throws Exception {
        RemoteAccess ra = files.parse(rule(ANY, "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\", group-pools = ["
                + " { peers = \"198.18.33.0/24\", pool = \"198.18.201.0/24\" }, { peers = \"dn:OU=Sales\", pool = \"198.18.202.0/24\" } ] }"))
                .policy().rules().get(0).options().remoteAccess();
        assertEquals(Subnet.parse("198.18.201.0/24"), ra.poolFor("198.18.33.10"));
        assertEquals(Subnet.parse("198.18.202.0/24"), ra.poolFor("dn CN=bob,OU=Sales,O=Lab"));
        assertEquals(Subnet.parse("198.18.200.0/24"), ra.poolFor("198.18.32.10"));
    }

    @Test
    void refusesAGroupPoolThatNamesNoGroup() {
        PolicyFileException e = files.reject(rule(ANY, "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\","
                + " group-pools = [ { peers = \"sales\", pool = \"198.18.201.0/24\" } ] }"));
        assertTrue(e.getMessage().contains("group pool peers 'sales'"), e.getMessage());
    }

    @Test
    void readsAnIpv6PoolAndRefusesOneTooWide() throws Exception {
        String users = "pool = \"198.18.200.0/24\", users-file = \"users.xauth\"";
        assertEquals(Subnet.parse("2001:2:0:200::/64"), files.parse(rule(ANY, "{ " + users + ", pool6 = \"2001:2:0:200::/64\" }"))
                .policy().rules().get(0).options().remoteAccess().pool6());
        PolicyFileException e = files.reject(rule(ANY, "{ " + users + ", pool6 = \"2001:2::/48\" }"));
        assertTrue(e.getMessage().contains("is not an IPv6 prefix of /64 to /126"), e.getMessage());
    }

    @Test
    void refusesAnUnknownModeConfig() {
        PolicyFileException e = files.reject(rule(ANY, "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\", mode-config = \"shove\" }"));
        assertTrue(e.getMessage().contains("mode-config = \"shove\"") && e.getMessage().contains("\"push\""), e.getMessage());
    }

    @Test
    void refusesARuleThatNamesOnePeer() {
        PolicyFileException e = files.reject(rule("tunnel = { remote = \"198.18.1.1\" }",
                "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\" }"));
        assertTrue(e.getMessage().contains("policy.toml:12:1: rules[0].tunnel: a remote-access rule tunnels to road warriors"), e.getMessage());
    }

    @Test
    void refusesAUsersFileOthersMayRead() {
        files.psk("users.xauth", "alice:" + SECRET + "\n", "rw-r--r--");
        PolicyFileException e = files.reject(rule(ANY, "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\" }"));
        assertTrue(e.getMessage().contains("has mode 0644") && e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void namesTheBadLineOfTheUsersFileButNeverItsContent() {
        files.psk("users.xauth", "alice:" + SECRET + "\n" + SECRET + "\n");
        PolicyFileException e = files.reject(rule(ANY, "{ pool = \"198.18.200.0/24\", users-file = \"users.xauth\" }"));
        assertTrue(e.getMessage().contains("users.xauth:2: not name:password"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void refusesATinyPoolAndTooManyAttempts() {
        PolicyFileException e = files.reject(rule(ANY, "{ pool = \"198.18.200.0/31\", users-file = \"users.xauth\", xauth-attempts = 9 }"));
        assertTrue(e.getMessage().contains("pool 198.18.200.0/31 is not an IPv4 prefix of /30 or wider"), e.getMessage());
        assertTrue(e.getMessage().contains("xauth-attempts"), e.getMessage());
    }

    @Test
    void warnsWhenAGroupKeyAloneHandsOutAddresses() throws Exception {
        ParsedPolicy p = files.parse(rule(ANY, "{ pool = \"198.18.200.0/24\", xauth = false }"));
        assertFalse(p.policy().rules().get(0).options().remoteAccess().xauth());
        assertTrue(p.warnings().toString().contains("whoever knows the group key gets an address"), p.warnings().toString());
    }
}
