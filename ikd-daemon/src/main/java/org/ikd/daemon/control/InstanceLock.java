package org.ikd.daemon.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One ikd per control-socket directory, so one per host or network namespace as installed
 * (issue 14): an exclusive lock on {@code ikd.lock} beside the control socket, taken before ikd
 * touches the host. The start-up removes an earlier run's TUN device, routes, rules and nftables
 * table, which would be a running ikd's. The file holds the holder's pid; the kernel releases the
 * lock when its process ends, a crash included, so a stale file never blocks a start. The file is
 * never deleted (deleting a lock file lets a third process lock another file of the same name).
 */
public final class InstanceLock implements AutoCloseable {
    public static final String FILE = "ikd.lock";

    /** Another ikd holds the lock: an admin's mistake to name, not a failure to trace. */
    public static final class HeldException extends IOException {
        HeldException(String message) {
            super(message);
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code ikd.lock} in the directory of {@code controlSocket} (created 0750 as for the socket), or says who holds it. */
    public static InstanceLock acquire(Path controlSocket, String group) throws IOException {
        Path dir = controlSocket.toAbsolutePath().getParent();
        ControlSocketFile.prepareDirectory(dir, ControlSocketFile.lookupGroup(group));
        Path file = dir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
        try {
            FileLock lock = tryLock(channel);
            if (lock == null)
                throw new HeldException("ikd already runs here (pid " + holder(channel) + "; it holds " + file
                        + "): stop it first (systemctl stop ikd); nothing was changed");
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(false);
            return new InstanceLock(channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();                // only this channel's lock, never another process's
            throw e;
        }
    }

    /** Null when another process, or this one through another channel, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** The pid the holder wrote, or "unknown" while it has not written it yet. */
    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        channel.read(b, 0);
        String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
        return pid.matches("[0-9]{1,10}") ? pid : "unknown";
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
