package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupMembershipTest {
    @TempDir
    Path dir;

    private GroupMembership check() throws Exception {
        // group(5) lines: name:password:gid:members
        Path file = dir.resolve("group");
        Files.writeString(file, "root:x:0:\nusers:x:100:bob\nikd:x:998:alice,carol\nikdx:x:999:dave\n");
        return new GroupMembership("ikd", file);
    }

    @Test
    void admitsRootWhateverItsGroup() throws Exception {
        assertTrue(check().admits(new Caller("root", "users")));
        assertTrue(check().admits(new Caller("0", "0")));
    }

    @Test
    void admitsAProcessWhosePrimaryGroupIsIkd() throws Exception {
        assertTrue(check().admits(new Caller("ikd", "ikd")));
    }

    @Test
    void admitsSupplementaryMembersListedInTheGroupFile() throws Exception {
        assertTrue(check().admits(new Caller("alice", "alice")));
        assertTrue(check().admits(new Caller("carol", "users")));
    }

    @Test
    void refusesEveryoneElse() throws Exception {
        assertFalse(check().admits(new Caller("bob", "users")));
        assertFalse(check().admits(new Caller("dave", "dave")), "member of ikdx, not ikd");
        assertFalse(check().admits(new Caller("alic", "alic")), "no prefix matches");
    }

    @Test
    void refusesNonRootWhenTheGroupFileCannotBeRead() {
        GroupMembership missing = new GroupMembership("ikd", dir.resolve("absent"));
        assertFalse(missing.admits(new Caller("alice", "alice")));
        assertTrue(missing.admits(new Caller("root", "root")));
    }
}
