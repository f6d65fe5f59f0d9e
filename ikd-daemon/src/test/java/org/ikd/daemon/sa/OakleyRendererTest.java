package org.ikd.daemon.sa;

import static org.ikd.daemon.TestPolicies.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.daemon.admin.SaViewsTest;
import org.ikd.daemon.log.OakleyLog;
import org.junit.jupiter.api.Test;

/** One Oakley log line per IKE outcome, in the {@code PEER EXCHANGE TEXT} layout of docs/operations.md. */
class OakleyRendererTest {
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final OakleyRenderer renderer;

    OakleyRendererTest() {
        LoggerContext context = new LoggerContext();
        lines.setContext(context);
        lines.start();
        Logger oakley = context.getLogger("OAKLEY");
        oakley.addAppender(lines);
        renderer = new OakleyRenderer(new OakleyLog(oakley, context.getLogger("journal"), false));
    }

    private List<String> logged() {
        return lines.list.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
    }

    private static final InetSocketAddress PEER = new InetSocketAddress(ip("198.18.0.2"), 500);

    @Test
    void progressLinesKeepTheirExchangeColumn() {
        renderer.render(new IkeEvent.Progress(new CookiePair(1, 2), PEER, "MM#3 recv HDR*, IDii, HASH_I -> peer authenticated"));
        assertEquals(List.of("INFO 198.18.0.2 MM#3 recv HDR*, IDii, HASH_I -> peer authenticated"), logged());
    }

    @Test
    void writesAnIpv6PeerAsRfc5952DoesWithoutAZone() throws Exception {
        // what Netty hands the engine: a scope id of 0, which Java prints as 2001:2:0:0:0:0:0:2%0
        InetSocketAddress v6 = new InetSocketAddress(Inet6Address.getByAddress(null,
                HexFormat.of().parseHex("20010002000000000000000000000002"), 0), 500);
        renderer.render(new IkeEvent.Progress(new CookiePair(1, 2), v6, "MM#2 recv HDR, SA -> peer chose aes128-sha256-modp2048"));
        assertEquals(List.of("INFO 2001:2::2 MM#2 recv HDR, SA -> peer chose aes128-sha256-modp2048"), logged());
    }

    @Test
    void progressLinesWithoutAnExchangeWordGoToTheIkeColumn() {
        renderer.render(new IkeEvent.Progress(new CookiePair(1, 2), PEER, "peer ikd, DPD yes, NAT-T rfc 3947"));
        renderer.render(new IkeEvent.Progress(new CookiePair(1, 2), PEER, "MM# recv nothing after the hash"));
        renderer.render(new IkeEvent.Progress(new CookiePair(1, 2), PEER, "M1#3 digits before the hash"));
        assertEquals(List.of("INFO 198.18.0.2 IKE peer ikd, DPD yes, NAT-T rfc 3947",
                "INFO 198.18.0.2 IKE MM# recv nothing after the hash",
                "INFO 198.18.0.2 IKE M1#3 digits before the hash"), logged());
    }

    @Test
    void failuresAreWarningsThatNameTheFailurePoint() {
        renderer.render(new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, PEER,
                "no proposal chosen"));
        assertEquals(List.of("WARN 198.18.0.2 MM negotiation failed (failure point: peer): no proposal chosen"), logged());
    }

    @Test
    void phaseOneSaysWhatWasAgreedAndWithWhom() {
        renderer.render(new IkeEvent.PhaseOneEstablished(new CookiePair(0x0123456789abcdefL, 0x1L),
                new InetSocketAddress(ip("198.18.0.1"), 500), PEER, org.ikd.core.ike.IsakmpSa.Role.INITIATOR, "198.18.0.2",
                "aes128-sha256-modp2048 psk"));
        assertEquals(List.of("INFO 198.18.0.2 MM Phase 1 SA established: aes128-sha256-modp2048 psk (initiator, #0, peer id"
                + " 198.18.0.2, cookies 0123456789abcdef/0000000000000001)"), logged());
    }

    @Test
    void phaseOneNamesItsSerialAndRule() {
        var m = new IkeEvent.PhaseOneEstablished(new CookiePair(0x0123456789abcdefL, 0x1L),
                new InetSocketAddress(ip("198.18.0.1"), 500), PEER, org.ikd.core.ike.IsakmpSa.Role.RESPONDER, "198.18.0.2",
                "aes128-sha256-modp2048 psk");
        renderer.render(m.with(new IkeEvent.IsakmpSaFacts(4, org.ikd.core.ike.IsakmpSa.Role.RESPONDER, m.local(), PEER, "hosts",
                "198.18.0.2", "strongSwan")));
        assertEquals(List.of("INFO 198.18.0.2 MM Phase 1 SA established: aes128-sha256-modp2048 psk (responder, #4, rule 'hosts',"
                + " peer id 198.18.0.2, cookies 0123456789abcdef/0000000000000001)"), logged());
    }

    private static IkeEvent.NegotiationFailed failed(IkeEvent.FailureKind kind, IkeEvent.ProposalMismatch mismatch) {
        return new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, PEER, "the reason",
                new IkeEvent.IsakmpSaFacts(2, org.ikd.core.ike.IsakmpSa.Role.RESPONDER, new InetSocketAddress(ip("198.18.0.1"), 500),
                        PEER, "hosts", null, ""), kind, null, mismatch, null);
    }

    @Test
    void certificateTrustAuthenticationAndProposalFailuresAddTheirEventLine() {
        renderer.render(failed(IkeEvent.FailureKind.CERTIFICATE_TRUST, null));
        renderer.render(failed(IkeEvent.FailureKind.AUTHENTICATION, null));
        renderer.render(failed(IkeEvent.FailureKind.INVALID_PROPOSAL,
                new IkeEvent.ProposalMismatch(List.of("des-md5-modp768"), List.of("aes128-sha256-modp2048 psk"))));
        renderer.render(failed(IkeEvent.FailureKind.NEGOTIATION, null));
        String failure = "WARN 198.18.0.2 MM negotiation failed (failure point: me): the reason";
        assertEquals(List.of(failure, "WARN 198.18.0.2 MM event 544: the peer's certificate is not trusted (rule 'hosts', peer id none)",
                failure, "WARN 198.18.0.2 MM event 545: the peer did not authenticate (rule 'hosts', peer id none)",
                failure, "WARN 198.18.0.2 MM event 546: the peer sent an invalid proposal (rule 'hosts', peer id none): received"
                        + " des-md5-modp768; expected aes128-sha256-modp2048 psk",
                failure), logged());
    }

    private static IkeEvent.QuickModeEstablished quickMode() {
        var a = ip("198.18.0.1");
        var b = ip("198.18.0.2");
        var pair = new org.ikd.core.sa.IpsecSaPair(7, "peer",
                org.ikd.core.sa.IpsecSaBundle.of(SaViewsTest.esp(0x1001, org.ikd.core.sa.Direction.INBOUND, b, a)),
                org.ikd.core.sa.IpsecSaBundle.of(SaViewsTest.esp(0x2002, org.ikd.core.sa.Direction.OUTBOUND, a, b)));
        return new IkeEvent.QuickModeEstablished(new CookiePair(1, 2), PEER, pair);
    }

    @Test
    void quickModeKeysAreHiddenWithoutDebugSecrets() {
        renderer.render(quickMode());
        List<String> keys = logged().stream().filter(l -> l.contains("keys of")).toList();
        assertEquals(2, keys.size(), logged().toString());
        assertTrue(keys.get(0).contains("encryption=<hidden, 20 bytes>") && keys.get(0).contains("integrity=<none>"), keys.get(0));
        assertTrue(keys.stream().noneMatch(l -> l.contains("0000000000")), keys.toString());
    }

    @Test
    void debugSecretsShowsEachSasKeysInHex() {
        LoggerContext context = new LoggerContext();
        ListAppender<ILoggingEvent> debug = new ListAppender<>();
        debug.setContext(context);
        debug.start();
        context.getLogger("OAKLEY").addAppender(debug);
        new OakleyRenderer(new OakleyLog(context.getLogger("OAKLEY"), context.getLogger("journal"), true)).render(quickMode());
        List<String> keys = debug.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.contains("keys of")).toList();
        assertEquals(2, keys.size());
        assertTrue(keys.get(1).contains("SPI 00002002") && keys.get(1).contains("encryption=" + "00".repeat(20)), keys.get(1));
    }
}
