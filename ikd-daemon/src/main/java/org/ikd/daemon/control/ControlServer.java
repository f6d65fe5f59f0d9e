package org.ikd.daemon.control;

import com.google.gson.JsonParseException;
import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket's server. Threads: one acceptor ({@code ikd-control-accept}) hands each
 * connection to a small fixed pool ({@code ikd-control-N}); a full pool answers "busy" at once.
 * Per connection:
 * <ol>
 * <li>read the caller from SO_PEERCRED;
 * <li>read one request line (bounded size), let the {@link ControlDispatcher} check the caller
 *     and answer, write one response line; reading and writing each get the settings' timeout;
 * <li>half-close, drain what the client may still send (closing with unread bytes would make
 *     the kernel reset the connection before the client reads the answer), close.
 * </ol>
 */
public final class ControlServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlServer.class);
    private static final Pattern JSON_POSITION = Pattern.compile("line \\d+ column \\d+");

    private final ControlSettings settings;
    private final ControlDispatcher dispatcher;
    private final ControlStreams streams = new ControlStreams();
    private ServerSocketChannel server;
    private ThreadPoolExecutor workers;
    private Thread acceptor;

    public ControlServer(ControlSettings settings, ControlHandler handler, CallerCheck callers) {
        this.settings = settings;
        this.dispatcher = new ControlDispatcher(handler, callers);
    }

    /** Binds the socket and starts serving; fails if another ikd listens there. */
    public synchronized void start() throws IOException {
        if (server != null) throw new IllegalStateException("control server already started");
        server = ControlSocketFile.bind(settings.socket(), settings.group());
        AtomicInteger n = new AtomicInteger();
        workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queue()), r -> daemonThread(r, "ikd-control-" + n.incrementAndGet()));
        acceptor = daemonThread(this::acceptLoop, "ikd-control-accept");
        acceptor.start();
        LOG.info("control: listening on {}", settings.socket());
    }

    public Path socket() {
        return settings.socket();
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("control: accept failed: {}", e.toString());
                pause();                          // e.g. EMFILE: do not spin
                continue;
            }
            try {
                workers.execute(() -> serve(channel));
            } catch (RejectedExecutionException busy) {
                answerBusy(channel);
            }
        }
    }

    private void serve(SocketChannel channel) {
        FramedChannel conn = null;
        boolean handedOver = false;
        try {
            conn = new FramedChannel(channel, settings.timeout());
            Caller caller = caller(channel);
            ControlResponse response;
            try {
                ControlRequest request = read(conn);
                if (request.command() == ControlRequest.Command.WATCH) {
                    streams.start(conn, dispatcher.watch(request, caller));   // the stream's thread closes conn
                    handedOver = true;
                    return;
                }
                response = dispatcher.dispatch(request, caller);
            } catch (Refused r) {
                response = r.response;
            } catch (ControlException e) {
                response = ControlResponse.failure(e.code(), e.getMessage());
            }
            conn.restartClock();                  // the handler's time does not count against the write
            conn.write(line(response));
            conn.finish();
        } catch (SocketTimeoutException e) {
            LOG.info("control: dropped a client that stalled for {} ms", settings.timeout().toMillis());
        } catch (IOException e) {
            LOG.debug("control: connection failed: {}", e.toString());
        } finally {
            if (!handedOver && conn != null) closeQuietly(conn);
        }
    }

    /** A request that cannot be read: the answer that says why. */
    private static final class Refused extends Exception {
        final transient ControlResponse response;

        Refused(ControlResponse response) {
            super(response.message(), null, false, false);
            this.response = response;
        }
    }

    private ControlRequest read(FramedChannel conn) throws IOException, Refused {
        try {
            ControlRequest r = ControlJson.parse(conn.readLine(settings.maxRequestBytes()), ControlRequest.class);
            if (r == null) throw new Refused(ControlResponse.failure(ErrorCode.INVALID, "empty request; expected one JSON object on one line, e.g. {\"command\":\"show-mm\"}"));
            return r;
        } catch (FramedChannel.TooLargeException e) {
            throw new Refused(ControlResponse.failure(ErrorCode.INVALID, "request is larger than " + settings.maxRequestBytes() + " bytes"));
        } catch (JsonParseException e) {
            // Gson's text may quote the input (a NumberFormatException's "For input string"), and a request may
            // carry an XAUTH password: neither the log nor the client gets more than where it went wrong.
            Matcher at = JSON_POSITION.matcher(String.valueOf(e.getMessage()));
            LOG.debug("control: unreadable request ({})", at.find() ? at.group() : "no position");
            at.reset();
            throw new Refused(ControlResponse.failure(ErrorCode.INVALID, "request is not a JSON control request"
                    + (at.find() ? " (" + at.group() + ")" : "") + "; expected one JSON object on one line, e.g. {\"command\":\"show-mm\"}"));
        }
    }

    private static void closeQuietly(FramedChannel conn) {
        try {
            conn.close();
        } catch (IOException e) {
            LOG.debug("control: close failed: {}", e.toString());
        }
    }

    private void answerBusy(SocketChannel channel) {
        try (FramedChannel conn = new FramedChannel(channel, java.time.Duration.ofMillis(100))) {
            conn.write(line(ControlResponse.failure(ErrorCode.BUSY, "ikd is busy answering other ikdctl calls; try again")));
        } catch (IOException e) {
            LOG.debug("control: could not tell a client we are busy: {}", e.toString());
        }
    }

    private static Caller caller(SocketChannel channel) throws IOException {
        UnixDomainPrincipal p = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return new Caller(p.user().getName(), p.group().getName());
    }

    private static String line(ControlResponse response) {
        return ControlJson.compact(response) + "\n";
    }

    /** Stops accepting, lets running requests finish (up to the timeout) and removes the socket file. */
    @Override
    public synchronized void close() {
        if (server == null) return;
        try {
            server.close();
            acceptor.join(settings.timeout().toMillis());
            workers.shutdown();
            if (!workers.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)) workers.shutdownNow();
        } catch (IOException e) {
            LOG.warn("control: closing the socket failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        } finally {
            try {
                Files.deleteIfExists(settings.socket());
            } catch (IOException e) {
                LOG.warn("control: cannot remove {}: {}", settings.socket(), e.toString());
            }
            server = null;
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
