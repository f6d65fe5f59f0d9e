package org.ikd.daemon.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Admits root and members of one group (ikd): the caller's primary group, or a supplementary
 * membership listed in the group file (group(5): {@code name:x:gid:user1,user2}). The file is
 * read on every check (a few hundred bytes) so {@code usermod -aG ikd alice} works without a
 * restart. Memberships that only NSS knows (LDAP) are not seen: the socket's mode 0660 still
 * lets the kernel admit them, this check then refuses them.
 */
public final class GroupMembership implements CallerCheck {
    private final String group;
    private final Path groupFile;

    public GroupMembership(String group, Path groupFile) {
        this.group = group;
        this.groupFile = groupFile;
    }

    /** Root or group {@code ikd} per {@code /etc/group}. */
    public static GroupMembership ikd() {
        return new GroupMembership("ikd", Path.of("/etc/group"));
    }

    @Override
    public boolean admits(Caller caller) {
        return caller.isRoot() || group.equals(caller.group()) || listedMember(caller.user());
    }

    private boolean listedMember(String user) {
        try {
            for (String line : Files.readAllLines(groupFile, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length == 4 && f[0].equals(group))
                    return Arrays.asList(f[3].split(",")).contains(user);
            }
        } catch (IOException e) {
            return false;                 // unreadable group file: only root and the primary group pass
        }
        return false;
    }
}
