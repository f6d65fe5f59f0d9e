package org.ikd.daemon.systemd;

import java.io.IOException;
import org.ikd.tun.posix.UnixDatagramSocket;

/**
 * The real transport: a fresh AF_UNIX datagram socket per message (sd_notify(3) does the same),
 * through ikd-tun's {@link UnixDatagramSocket}, so the daemon itself never touches jnr-ffi.
 * Sent from the main process, as {@code NotifyAccess=main} requires.
 */
public final class UnixDatagramTransport implements NotifyTransport {
    @Override
    public void send(String address, byte[] datagram) throws IOException {
        try (UnixDatagramSocket socket = UnixDatagramSocket.open()) {
            socket.send(address, datagram);
        }
    }
}
