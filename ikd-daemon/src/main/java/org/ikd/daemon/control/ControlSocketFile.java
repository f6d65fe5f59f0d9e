package org.ikd.daemon.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the control socket file safely:
 * <ol>
 * <li>the directory, if missing, is created 0750 (group: the control group when it exists);
 * <li>an existing socket that answers means another ikd runs: refuse; one that refuses
 *     connections is stale: remove it; anything else at the path is left alone and reported;
 * <li>the socket is bound under a temporary name, given its mode (0660 + group, or 0600 when
 *     the group does not exist), then renamed into place, so no one ever sees it with the
 *     umask's mode.
 * </ol>
 */
final class ControlSocketFile {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocketFile.class);

    private ControlSocketFile() {}

    static ServerSocketChannel bind(Path socket, String groupName) throws IOException {
        GroupPrincipal group = lookupGroup(groupName);
        Path dir = socket.toAbsolutePath().getParent();
        prepareDirectory(dir, group);
        clearStale(socket);
        Path temp = dir.resolve("." + socket.getFileName() + "." + ProcessHandle.current().pid() + ".new");
        Files.deleteIfExists(temp);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temp), 16);
            restrict(temp, group);
            Files.move(temp, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    static GroupPrincipal lookupGroup(String name) throws IOException {
        if (name == null || name.isEmpty()) return null;
        try {
            return socketFs().getUserPrincipalLookupService().lookupPrincipalByGroupName(name);
        } catch (UserPrincipalNotFoundException e) {
            return null;
        }
    }

    static void prepareDirectory(Path dir, GroupPrincipal group) throws IOException {
        if (Files.isDirectory(dir)) return;          // systemd's RuntimeDirectory= or the admin's
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        if (group != null) Files.setAttribute(dir, "posix:group", group);
    }

    private static void clearStale(Path socket) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return;
        }
        if (!a.isOther())
            throw new IOException(socket + " exists and is not a socket; move it away or choose another control socket path");
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            throw new IOException("another ikd is already listening on " + socket + " (stop it first: systemctl stop ikd)");
        } catch (ConnectException stale) {
            LOG.info("control: removing stale socket {}", socket);
            Files.deleteIfExists(socket);
        }
    }

    private static void restrict(Path file, GroupPrincipal group) throws IOException {
        if (group != null) {
            try {
                Files.setAttribute(file, "posix:group", group);
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
                return;
            } catch (IOException e) {
                LOG.warn("control: cannot give {} to group {} ({}); only root and the daemon's user may connect",
                        file, group.getName(), e.toString());
            }
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static java.nio.file.FileSystem socketFs() {
        return java.nio.file.FileSystems.getDefault();
    }
}
