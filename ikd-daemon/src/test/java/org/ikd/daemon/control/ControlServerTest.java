package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlServerTest {
    @TempDir
    Path dir;

    private final List<ControlServer> servers = new ArrayList<>();
    private final FakeHandler handler = new FakeHandler();

    @AfterEach
    void stopServers() {
        servers.forEach(ControlServer::close);
    }

    private ControlServer start(ControlSettings settings, CallerCheck check) throws IOException {
        ControlServer s = new ControlServer(settings, handler, check);
        servers.add(s);
        s.start();
        return s;
    }

    private ControlSettings settings(String group) {
        return ControlSettings.at(dir.resolve("ikd.sock")).withGroup(group);
    }

    private ControlClient client() {
        return new ControlClient(dir.resolve("ikd.sock"), Duration.ofSeconds(5));
    }

    @Test
    void answersShowMmWithTheHandlersSasOverTheSocket() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        MainModeSas sas = client().call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class);
        assertEquals(Fixtures.mainModeSas(), sas);
        assertEquals(List.of("mm"), handler.calls);
    }

    @Test
    void carriesEveryShowAllViewIntact() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        ShowAll all = client().call(ControlRequest.of(ControlRequest.Command.SHOW_ALL), ShowAll.class);
        assertEquals(new ShowAll(Fixtures.policy(), Fixtures.filters(), Fixtures.mainModeSas(), Fixtures.quickModeSas(),
                Fixtures.statistics()), all);
    }

    @Test
    void passesArgumentsThroughToTheHandler() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        Outcome o = client().call(ControlRequest.delete(ControlRequest.SaKind.QM, 7), Outcome.class);
        assertEquals("Quick Mode SA 7 deleted; Delete payload sent to 198.18.0.2", o.message());
        assertEquals(List.of("delete QM 7"), handler.calls);
    }

    @Test
    void reportsTheHandlersRefusalWithItsCodeAndWords() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        ControlException e = assertThrows(ControlException.class,
                () -> client().call(ControlRequest.initiate("nope"), Outcome.class));
        assertEquals(ErrorCode.NOT_FOUND, e.code());
        assertEquals("no rule 'nope' (rules: hosts, web)", e.getMessage());
    }

    @Test
    void createsTheSocket0600WhenTheControlGroupDoesNotExist() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        PosixFileAttributes a = Files.readAttributes(dir.resolve("ikd.sock"), PosixFileAttributes.class);
        assertTrue(a.isOther(), "a socket");
        assertEquals("rw-------", PosixFilePermissions.toString(a.permissions()));
    }

    @Test
    void createsTheSocket0660OwnedByTheControlGroupWhenItExists() throws Exception {
        // Debian's base system always has group "daemon" (gid 1); root may give a file to any group.
        start(settings("daemon"), c -> true);
        PosixFileAttributes a = Files.readAttributes(dir.resolve("ikd.sock"), PosixFileAttributes.class);
        assertEquals("rw-rw----", PosixFilePermissions.toString(a.permissions()));
        assertEquals("daemon", a.group().getName());
    }

    @Test
    void createsAMissingSocketDirectory0750() throws Exception {
        Path socket = dir.resolve("run").resolve("ikd.sock");
        start(ControlSettings.at(socket).withGroup("no-such-group-ikd-test"), c -> true);
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
        assertTrue(Files.exists(socket));
        assertEquals(List.of("ikd.sock"), list(socket.getParent()), "no temporary name left behind");
    }

    @Test
    void refusesACallerTheCheckRejectsWithPlainWordsAndNeverCallsTheHandler() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> false);
        ControlException e = assertThrows(ControlException.class,
                () -> client().call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
        assertEquals(ErrorCode.DENIED, e.code());
        assertEquals("permission denied: run as root or as a member of group ikd", e.getMessage());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void seesTheRealCallerThroughPeerCredentials() throws Exception {
        List<Caller> seen = new ArrayList<>();
        start(settings("no-such-group-ikd-test"), c -> seen.add(c));
        client().call(ControlRequest.of(ControlRequest.Command.SHOW_QM), QuickModeSas.class);
        // The tests run as root (see the module's README of CI); SO_PEERCRED must say so.
        assertEquals(List.of(new Caller(System.getProperty("user.name"), seen.get(0).group())), seen);
        assertEquals("root".equals(System.getProperty("user.name")), seen.get(0).isRoot());
    }

    @Test
    void refusesARequestLargerThanTheLimitUnread() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        String big = "{\"command\":\"show-mm\",\"rule\":\"" + "x".repeat(70_000) + "\"}\n";
        String answer = raw(big);
        assertTrue(answer.startsWith("{\"ok\":false,\"result\":null,\"error\":\"invalid\",\"message\":\"request is larger than 65536 bytes\""), answer);
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void answersMalformedJsonAsInvalid() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        String answer = raw("show mm please\n");
        assertTrue(answer.contains("\"error\":\"invalid\""), answer);
    }

    @Test
    void answersUnreadableRequestsInPlainWordsWithoutExceptionTextOrLinks() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        // Gson's own texts for these: MalformedJsonException, IllegalStateException, EOFException, NumberFormatException,
        // and a link to its troubleshooting page
        for (String request : List.of("show mm please\n", "[1]\n", "{\"command\":\n", "{\"command\":\"delete\",\"id\":\"x\"}\n")) {
            String answer = raw(request);
            assertTrue(answer.contains("\"error\":\"invalid\",\"message\":\"request is not a JSON control request"), answer);
            assertTrue(answer.contains("; expected one JSON object on one line, e.g. {\\\"command\\\":\\\"show-mm\\\"}"), answer);
            for (String leak : List.of("java.", "Exception", "gson", "http", "Use JsonReader")) assertFalse(answer.contains(leak), leak + " in " + answer);
        }
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void dropsAClientThatSendsNothingAndKeepsServingOthers() throws Exception {
        start(settings("no-such-group-ikd-test").withTimeout(Duration.ofMillis(300)), c -> true);
        try (SocketChannel stuck = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            stuck.connect(UnixDomainSocketAddress.of(dir.resolve("ikd.sock")));
            long t0 = System.nanoTime();
            assertEquals(-1, stuck.read(ByteBuffer.allocate(64)), "closed without an answer");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 250 && ms < 3000, "closed after " + ms + " ms (timeout 300 ms)");
            assertEquals(Fixtures.quickModeSas(), client().call(ControlRequest.of(ControlRequest.Command.SHOW_QM), QuickModeSas.class));
        }
    }

    @Test
    void answersAfterAHandlerSlowerThanTheIoTimeout() throws Exception {
        ControlServer s = new ControlServer(settings("no-such-group-ikd-test").withTimeout(Duration.ofMillis(200)),
                new FakeHandler() {
                    @Override
                    public Outcome reload() {
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return new Outcome("reloaded slowly");
                    }
                }, c -> true);
        servers.add(s);
        s.start();
        assertEquals(new Outcome("reloaded slowly"), client().call(ControlRequest.of(ControlRequest.Command.RELOAD), Outcome.class));
    }

    @Test
    void refusesToStartWhenAnotherServerListensOnThePath() throws Exception {
        start(settings("no-such-group-ikd-test"), c -> true);
        ControlServer second = new ControlServer(settings("no-such-group-ikd-test"), handler, c -> true);
        IOException e = assertThrows(IOException.class, second::start);
        assertTrue(e.getMessage().startsWith("another ikd is already listening on "), e.getMessage());
        assertEquals(Fixtures.mainModeSas(), client().call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
    }

    @Test
    void replacesAStaleSocketLeftByACrashedDaemon() throws Exception {
        Path socket = dir.resolve("ikd.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(socket));
        dead.close();                                   // the file stays, nobody listens
        assertTrue(Files.exists(socket));
        start(settings("no-such-group-ikd-test"), c -> true);
        assertEquals(Fixtures.mainModeSas(), client().call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
    }

    @Test
    void leavesARegularFileAtTheSocketPathAlone() throws Exception {
        Path socket = dir.resolve("ikd.sock");
        Files.writeString(socket, "not a socket");
        ControlServer s = new ControlServer(settings("no-such-group-ikd-test"), handler, c -> true);
        IOException e = assertThrows(IOException.class, s::start);
        assertTrue(e.getMessage().endsWith("exists and is not a socket; move it away or choose another control socket path"));
        assertEquals("not a socket", Files.readString(socket));
    }

    @Test
    void removesTheSocketFileWhenClosed() throws Exception {
        ControlServer s = start(settings("no-such-group-ikd-test"), c -> true);
        s.close();
        assertFalse(Files.exists(dir.resolve("ikd.sock")));
        ControlException e = assertThrows(ControlException.class,
                () -> client().call(ControlRequest.of(ControlRequest.Command.SHOW_MM), MainModeSas.class));
        assertEquals(ErrorCode.NOT_RUNNING, e.code());
    }

    private String raw(String request) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("ikd.sock")));
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            try {
                while (out.hasRemaining()) ch.write(out);
            } catch (IOException serverStoppedReading) {
                // the server answers and closes once the limit is passed; read what it said
            }
            ch.shutdownOutput();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (ch.read(in) >= 0 && in.hasRemaining()) { /* until EOF */ }
            return new String(in.array(), 0, in.position(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> list(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
