package org.ikd.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.ikd.daemon.control.CallerCheck;
import org.ikd.daemon.control.ControlJson;
import org.ikd.daemon.control.ControlServer;
import org.ikd.daemon.control.ControlSettings;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.control.FakeHandler;
import org.ikd.daemon.control.Fixtures;
import org.ikd.daemon.control.Statistics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ikdctl end to end: the real command line against a real control socket served by a fake daemon. */
class IkdctlTest {
    @TempDir
    Path dir;

    private final FakeHandler handler = new FakeHandler();
    private ControlServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Path serve(CallerCheck check) throws Exception {
        Path socket = dir.resolve("ikd.sock");
        server = new ControlServer(ControlSettings.at(socket).withGroup("no-such-group-ikd-test"), handler, check);
        server.start();
        return socket;
    }

    private int ikdctl(String... args) {
        Terminal t = new Terminal(new PrintWriter(out), new PrintWriter(err),
                Clock.fixed(Instant.parse("2025-01-02T12:00:00Z"), ZoneOffset.UTC), false);
        return Ikdctl.run(args, t);
    }

    private int ikdctlOn(Path socket, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--socket";
        all[1] = socket.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return ikdctl(all);
    }

    /** No terminal here (System.console() is null): the password is the first line of stdin, sent and printed nowhere. */
    @Test
    void xauthLoginReadsThePasswordFromStdinAndSendsItToTheDaemon() throws Exception {
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream("typed secret 7f3a\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertEquals(0, ikdctlOn(serve(c -> true), "xauth-login", "office"));
        } finally {
            System.setIn(stdin);
        }
        assertEquals("office", handler.xauthRule);
        assertEquals("typed secret 7f3a", handler.xauthPassword);
        assertEquals("password for user 'alice' of rule 'office' kept in memory\n", out.toString());
        assertFalse(out.toString().contains("7f3a") || err.toString().contains("7f3a"));
    }

    @Test
    void showsMainModeSasAsTheGoldenTable() throws Exception {
        assertEquals(0, ikdctlOn(serve(c -> true), "show", "mm"));
        assertEquals(RenderingTest.MAIN_MODE, out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void showsEverythingWithShowAll() throws Exception {
        assertEquals(0, ikdctlOn(serve(c -> true), "show", "all"));
        assertEquals(RenderingTest.POLICY + "\n" + RenderingTest.FILTERS + "\n" + RenderingTest.MAIN_MODE + "\n"
                + RenderingTest.QUICK_MODE + "\n" + RenderingTest.STATS, out.toString());
    }

    @Test
    void printsStatisticsAsJsonUnderTheWin32FieldNames() throws Exception {
        assertEquals(0, ikdctlOn(serve(c -> true), "show", "stats", "--json"));
        JsonObject json = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(10, json.getAsJsonObject("ike").get("invalidCookiesReceived").getAsLong());
        assertEquals(108, json.getAsJsonObject("ipsec").get("numBadSpiPackets").getAsLong());
        assertEquals(Fixtures.statistics(), ControlJson.parse(out.toString(), Statistics.class));
    }

    @Test
    void acceptsTheSocketOptionAfterTheSubcommandToo() throws Exception {
        Path socket = serve(c -> true);
        assertEquals(0, ikdctl("show", "qm", "--socket", socket.toString()));
        assertEquals(RenderingTest.QUICK_MODE, out.toString());
    }

    @Test
    void saysIkdIsNotRunningWithTheFixAndExits3() {
        Path socket = dir.resolve("absent.sock");
        assertEquals(3, ikdctlOn(socket, "show", "mm"));
        assertEquals("ikd is not running (no socket at " + socket + "); start it with: systemctl start ikd\n", err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void saysPermissionDeniedAndExits4() throws Exception {
        assertEquals(4, ikdctlOn(serve(c -> false), "show", "policy"));
        assertEquals("permission denied: run as root or as a member of group ikd\n", err.toString());
    }

    @Test
    void rejectsAnUnknownViewWithWhatIsAcceptedAndTheUsage() throws Exception {
        assertEquals(2, ikdctlOn(serve(c -> true), "show", "everything"));
        assertTrue(err.toString().startsWith("cannot show 'everything' (expected: all, policy, filters, mm, qm, stats, certs, cas or crls)\n"), err.toString());
        assertTrue(err.toString().contains("Usage: ikdctl show"), err.toString());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void rejectsAnUnknownSaKind() throws Exception {
        assertEquals(2, ikdctlOn(serve(c -> true), "delete", "xx", "1"));
        assertTrue(err.toString().startsWith("cannot delete a 'xx' SA (expected: mm or qm)\n"), err.toString());
    }

    @Test
    void rejectsANonNumericSaId() {
        assertEquals(2, ikdctl("delete", "qm", "seven"));
        assertTrue(err.toString().contains("'seven'"), err.toString());
        assertTrue(err.toString().contains("Usage: ikdctl delete"), err.toString());
    }

    @Test
    void deletesAQuickModeSa() throws Exception {
        assertEquals(0, ikdctlOn(serve(c -> true), "delete", "qm", "7"));
        assertEquals("Quick Mode SA 7 deleted; Delete payload sent to 198.18.0.2\n", out.toString());
    }

    @Test
    void reportsAnUnknownSaAndExits1() throws Exception {
        assertEquals(1, ikdctlOn(serve(c -> true), "delete", "mm", "99"));
        assertEquals("no MM SA 99\n", err.toString());
    }

    @Test
    void initiatesAndReloads() throws Exception {
        Path socket = serve(c -> true);
        assertEquals(0, ikdctlOn(socket, "initiate", "hosts"));
        assertEquals(0, ikdctlOn(socket, "reload"));
        assertEquals("negotiation started for rule hosts with 198.18.0.2\npolicy reloaded: 2 rules, 1 changed\n", out.toString());
        assertEquals(List.of("initiate hosts", "reload"), handler.calls);
    }

    @Test
    void monitorsForTheRequestedNumberOfRefreshes() throws Exception {
        assertEquals(0, ikdctlOn(serve(c -> true), "monitor", "--count", "2", "--interval", "0.01"));
        String frame = RenderingTest.MONITOR.replace("every 2s", "every 0.01s");
        assertEquals(frame + "\n" + frame, out.toString());
        assertEquals(List.of("stats", "mm", "qm", "stats", "mm", "qm"), handler.calls);
    }

    @Test
    void diagExits1WhenACheckFailed() throws Exception {
        assertEquals(1, ikdctlOn(serve(c -> true), "diag"));
        assertEquals(RenderingTest.DIAG, out.toString());
    }

    @Test
    void writesWiresharkKeyFilesAfterALoudWarning() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, ikdctlOn(serve(c -> true), "keys", "--wireshark", keys.toString()));
        assertTrue(err.toString().startsWith("WARNING: ikdctl keys writes the secret keys of every current IKE and ESP SA to disk.\n"));
        assertEquals("0123456789abcdef,00112233445566778899aabbccddeeff\n", Files.readString(keys.resolve("ikev1_decryption_table")));
        assertEquals("\"IPv4\",\"198.18.0.1\",\"198.18.0.2\",\"0xc1a2b3c4\",\"AES-CBC [RFC3602]\","
                + "\"0x000102030405060708090a0b0c0d0e0f\",\"HMAC-SHA-1-96 [RFC2404]\","
                + "\"0x101112131415161718191a1b1c1d1e1f20212223\"\n", Files.readString(keys.resolve("esp_sa")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("esp_sa"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
    }

    @Test
    void addsADynamicRuleWithAnAbsolutePskPath() throws Exception {
        Path socket = serve(c -> true);
        assertEquals(0, ikdctlOn(socket, "policy", "add", "lab2", "--source", "me", "--destination", "198.18.1.0/24",
                "--protocol", "tcp", "--destination-port", "22", "--method", "esp:aes128-sha1", "--method", "esp:3des-sha1",
                "--pfs", "modp2048", "--psk-file", "lab2.psk"));
        assertEquals(new DynamicRule("lab2", List.of(new DynamicRule.FilterSpec("me", "198.18.1.0/24", "tcp", null, 22, true)),
                "negotiate", List.of("esp:aes128-sha1", "esp:3des-sha1"), null, null, "modp2048", false, false,
                Path.of("lab2.psk").toAbsolutePath().toString(), null), handler.added);
        assertEquals("dynamic rule lab2 added\n", out.toString());
        assertEquals(0, ikdctlOn(socket, "policy", "delete", "lab2"));
        assertEquals(List.of("add lab2", "delete rule lab2"), handler.calls);
    }

    /** The working directory, as every path argument of a shell command; the help says so. */
    @Test
    void policyAddHelpSaysARelativePskFileIsTakenFromTheCurrentDirectory() {
        assertEquals(0, ikdctl("policy", "add", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--psk-file=FILE pre-shared key file (mode 0600, readable by ikd); a relative path is taken from"
                + " the current directory, as the shell completes it, and sent to ikd as an absolute path"), help);
    }

    @Test
    void refusesToNegotiateWithoutASecurityMethod() throws Exception {
        assertEquals(2, ikdctlOn(serve(c -> true), "policy", "add", "x", "--source", "me", "--destination", "198.18.1.1"));
        assertTrue(err.toString().startsWith("--action negotiate needs at least one --method (e.g. --method esp:aes128-sha1)\n"),
                err.toString());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void listsTheExitCodesInItsHelp() {
        assertEquals(0, ikdctl("--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
        assertTrue(out.toString().contains("3   ikd is not running"), out.toString());
        assertTrue(out.toString().contains("4   permission denied (run as root or as a member of group ikd)"), out.toString());
    }

    @Test
    void explainsEachSubcommandWithHelp() {
        assertEquals(0, ikdctl("delete", "--help"));
        assertTrue(out.toString().startsWith("Usage: ikdctl delete [-hV] [--socket=PATH] [--timeout=SECONDS] mm|qm ID\n"),
                out.toString());
    }

    @Test
    void asksWhichCommandWhenGivenNone() {
        assertEquals(2, ikdctl());
        assertTrue(err.toString().startsWith("ikdctl: which command? (expected: show, stats, monitor, log, events, oakley-log, initiate,"
                + " down, rekey, delete, reload, policy, diag or keys)\n"), err.toString());
    }

    @Test
    void namesTheSubcommandAfterTheRootsOptionsAndTheirValues() {
        assertEquals("stats", Ikdctl.named(new String[] {"--socket", "show", "--timeout", "3", "stats", "--json"}));
        assertEquals("show", Ikdctl.named(new String[] {"--socket=/run/x.sock", "show", "qm"}));
        assertEquals(null, Ikdctl.named(new String[] {"--help"}));
    }

    @Test
    void listsEachSubcommandUnderTheNameItsAnnotationGives() {
        for (var sub : Ikdctl.SUBCOMMANDS)
            assertEquals(sub.getKey(), sub.getValue().getAnnotation(picocli.CommandLine.Command.class).name());
        assertEquals(Ikdctl.SUBCOMMANDS.size(), Ikdctl.commandLine().getSubcommands().size());
    }

    @Test
    void anUnknownSubcommandIsAUsageErrorWhoseUsageListsEveryCommand() {
        assertEquals(ExitStatus.USAGE.code, ikdctl("kyes", "--out", "x"));
        for (var sub : Ikdctl.SUBCOMMANDS)
            assertTrue(err.toString().contains("\n  " + sub.getKey() + " "), sub.getKey() + " in:\n" + err);
    }
}
