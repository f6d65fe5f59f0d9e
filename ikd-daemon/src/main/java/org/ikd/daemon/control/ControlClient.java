package org.ikd.daemon.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;

/**
 * ikdctl's side of the control socket: one connection per call, the request as one line, then
 * the answer until the daemon closes. Every failure becomes a {@link ControlException} whose
 * message an admin can act on.
 */
public final class ControlClient {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

    private final Path socket;
    private final Duration timeout;

    public ControlClient(Path socket, Duration timeout) {
        this.socket = socket;
        this.timeout = timeout;
    }

    /** Sends {@code request}; returns its result as a {@code type}. */
    public <T> T call(ControlRequest request, Class<T> type) throws ControlException {
        JsonElement result = exchange(request);
        try {
            return ControlJson.parse(result, type);
        } catch (JsonParseException | IllegalStateException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "ikd answered with an unexpected result (" + e.getMessage()
                    + "); are ikdctl and ikd the same version?", e);
        }
    }

    /** Sends {@code request}; returns the result's JSON. */
    public JsonElement exchange(ControlRequest request) throws ControlException {
        SocketChannel channel = connect();
        try (FramedChannel conn = new FramedChannel(channel, timeout)) {
            conn.write(ControlJson.compact(request) + "\n");
            channel.shutdownOutput();
            ControlResponse response = ControlJson.parse(conn.readToEnd(MAX_RESPONSE_BYTES), ControlResponse.class);
            if (!response.ok())
                throw new ControlException(response.error() == null ? ErrorCode.FAILED : response.error(),
                        response.message() == null ? "ikd refused the request without saying why" : response.message());
            return response.result();
        } catch (SocketTimeoutException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "ikd did not answer within " + timeout.toSeconds()
                    + " s; see what it is doing with: journalctl -u ikd", e);
        } catch (JsonParseException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "ikd answered something that is not a control response ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "the connection to ikd on " + socket + " failed: " + e.getMessage(), e);
        }
    }

    /** What a stream reader says after each line (heartbeats included): go on, or stop (and close). */
    public interface StreamReader {
        boolean take(StreamLine line) throws ControlException;
    }

    /** Runs once the stream is open. */
    public interface OnOpen {
        void run() throws ControlException;
    }

    /**
     * Sends a {@code watch} request and hands each line to {@code reader} until it returns false,
     * ikd closes the stream, or nothing (not even a heartbeat) came for the timeout plus the
     * heartbeat interval. {@code onOpen} runs once ikd has confirmed the subscription, so what the
     * caller starts after it cannot be missed (initiate --wait).
     */
    public void stream(ControlRequest request, OnOpen onOpen, StreamReader reader) throws ControlException {
        SocketChannel channel = connect();
        Duration silence = timeout.plusMillis(3 * ControlStreams.HEARTBEAT_MILLIS);
        try (FramedChannel conn = new FramedChannel(channel, silence)) {
            conn.write(ControlJson.compact(request) + "\n");
            ControlResponse first = ControlJson.parse(conn.readLine(MAX_RESPONSE_BYTES), ControlResponse.class);
            if (first == null) throw new ControlException(ErrorCode.NO_ANSWER, "ikd closed the stream without answering");
            if (!first.ok())
                throw new ControlException(first.error() == null ? ErrorCode.FAILED : first.error(),
                        first.message() == null ? "ikd refused the request without saying why" : first.message());
            onOpen.run();
            while (true) {
                conn.restartClock();
                String text = conn.readLine(MAX_RESPONSE_BYTES);
                if (text.isEmpty()) return;                              // ikd stopped
                if (!reader.take(ControlJson.parse(text, StreamLine.class))) return;
            }
        } catch (SocketTimeoutException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "ikd sent nothing for " + silence.toSeconds() + " s, not even a heartbeat", e);
        } catch (JsonParseException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "ikd sent something that is not a stream line (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "the connection to ikd on " + socket + " failed: " + e.getMessage(), e);
        }
    }

    /** "ikd is not running (no socket at /run/ikd/ikd.sock); start it with: systemctl start ikd". */
    public static String notRunning(String why) {
        return "ikd is not running (" + why + "); start it with: systemctl start ikd";
    }

    private SocketChannel connect() throws ControlException {
        try {
            Files.readAttributes(socket, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new ControlException(ErrorCode.NOT_RUNNING, notRunning("no socket at " + socket));
        } catch (AccessDeniedException e) {
            throw new ControlException(ErrorCode.DENIED, CallerCheck.REFUSAL + " (cannot reach " + socket + ")");
        } catch (IOException e) {
            throw new ControlException(ErrorCode.NO_ANSWER, "cannot look at " + socket + ": " + e.getMessage(), e);
        }
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (ConnectException e) {
            close(channel);
            throw new ControlException(ErrorCode.NOT_RUNNING, notRunning("nobody listens on " + socket), e);
        } catch (SocketException e) {
            close(channel);
            if (String.valueOf(e.getMessage()).contains("Permission denied"))
                throw new ControlException(ErrorCode.DENIED, CallerCheck.REFUSAL + " (cannot connect to " + socket + ")", e);
            throw new ControlException(ErrorCode.NO_ANSWER, "cannot connect to " + socket + ": " + e.getMessage(), e);
        } catch (IOException e) {
            close(channel);
            throw new ControlException(ErrorCode.NO_ANSWER, "cannot connect to " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void close(SocketChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was sent; the connect error is what matters
        }
    }
}
