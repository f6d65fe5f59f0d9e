package org.ikd.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ikd.core.ike.IkeEvent;
import org.junit.jupiter.api.Test;

/**
 * Windows audit event IDs (541–547, numbered as msaudite.h numbers SE_AUDITID_IPSEC_*) as one key=value
 * line each; keys as in docs/operations.md.
 */
class AuditEventsTest {
    private final Capture capture = new Capture(AuditEvents.LOGGER);
    private final AuditEvents events = new AuditEvents(capture.logger);

    private static final MainModeSaSummary MM = new MainModeSaSummary(3, "hosts", "initiator", "198.18.0.1", "198.18.0.2",
            "198.18.0.2", "strongSwan", "psk", "aes128-sha256-modp2048", "0123456789abcdef", "fedcba9876543210", 28800);
    private static final QuickModeSaSummary QM = new QuickModeSaSummary(7, 3, "hosts", "initiator", "198.18.0.1", "198.18.0.2",
            "198.18.0.1 -> 198.18.0.2", "esp:aes128-sha1", "transport", "c1a2b3c4", "d5e6f708", true, 3600, 100000, "strongSwan");

    @Test
    void logsMainModeEstablishedAs541() {
        events.established(MM);
        assertEquals(List.of("INFO event=541 mode=main id=3 rule=hosts role=initiator me=198.18.0.1 peer=198.18.0.2"
                + " icookie=0123456789abcdef rcookie=fedcba9876543210 peer_id=198.18.0.2 peer_vendor=strongSwan auth=psk"
                + " proposal=aes128-sha256-modp2048 lifetime_s=28800"), capture.lines());
    }

    @Test
    void logsQuickModeEstablishedAs541WithItsSpis() {
        events.established(QM);
        assertEquals(List.of("INFO event=541 mode=quick id=7 mm_id=3 rule=hosts role=initiator me=198.18.0.1 peer=198.18.0.2"
                + " peer_vendor=strongSwan filter=\"198.18.0.1 -> 198.18.0.2\" inbound_spi=c1a2b3c4 outbound_spi=d5e6f708"
                + " transform=esp:aes128-sha1 encapsulation=transport pfs=yes lifetime_s=3600 lifetime_kb=100000"),
                capture.lines());
    }

    @Test
    void logsTheEndOfAQuickModeSaAs542() {
        events.ended(QM, "deleted by peer");
        assertEquals(List.of("INFO event=542 mode=quick id=7 mm_id=3 rule=hosts role=initiator me=198.18.0.1 peer=198.18.0.2"
                + " peer_vendor=strongSwan filter=\"198.18.0.1 -> 198.18.0.2\" inbound_spi=c1a2b3c4 outbound_spi=d5e6f708"
                + " reason=\"deleted by peer\""), capture.lines());
    }

    @Test
    void logsTheEndOfAMainModeSaAs543() {
        events.ended(MM, "lifetime expired");
        assertEquals(List.of("INFO event=543 mode=main id=3 rule=hosts role=initiator me=198.18.0.1 peer=198.18.0.2"
                + " icookie=0123456789abcdef rcookie=fedcba9876543210 reason=\"lifetime expired\""), capture.lines());
    }

    @Test
    void logsAFailedNegotiationAs547AtWarnWithFailurePointAndReason() {
        events.failed(new FailedNegotiation(IkeEvent.Phase.MAIN_MODE, "hosts", "198.18.0.1", "198.18.0.2", null, null, IkeEvent.FailurePoint.PEER,
                "no proposal chosen: peer offered 3des-md5-modp768; we accept aes128-sha256-modp2048"));
        assertEquals(List.of("WARN event=547 mode=main rule=hosts me=198.18.0.1 peer=198.18.0.2 failure_point=peer"
                + " reason=\"no proposal chosen: peer offered 3des-md5-modp768; we accept aes128-sha256-modp2048\""),
                capture.lines());
    }

    private static FailedNegotiation failure(IkeEvent.FailureKind kind, IkeEvent.ProposalMismatch mismatch, String notify) {
        return new FailedNegotiation(IkeEvent.Phase.MAIN_MODE, 5, "hosts", "responder", "198.18.0.1", "198.18.0.2", "fqdn b.lab",
                "strongSwan", null, IkeEvent.FailurePoint.ME, kind, notify, mismatch, "the reason");
    }

    @Test
    void logsAnUntrustedCertificateAs544BeforeIts547() {
        FailedNegotiation f = failure(IkeEvent.FailureKind.CERTIFICATE_TRUST, null, "AUTHENTICATION_FAILED");
        events.specific(f);
        events.failed(f);
        assertEquals(List.of("WARN event=544 mode=main id=5 rule=hosts role=responder me=198.18.0.1 peer=198.18.0.2"
                        + " peer_id=\"fqdn b.lab\" peer_vendor=strongSwan failure_point=me notify=AUTHENTICATION_FAILED"
                        + " reason=\"the reason\"",
                "WARN event=547 mode=main id=5 rule=hosts role=responder me=198.18.0.1 peer=198.18.0.2 peer_id=\"fqdn b.lab\""
                        + " peer_vendor=strongSwan failure_point=me notify=AUTHENTICATION_FAILED reason=\"the reason\""),
                capture.lines());
    }

    @Test
    void logsAPeerThatDidNotAuthenticateAs545() {
        assertEquals("event=545 mode=main id=5 rule=hosts role=responder me=198.18.0.1 peer=198.18.0.2 peer_id=\"fqdn b.lab\""
                + " peer_vendor=strongSwan failure_point=me reason=\"the reason\"",
                events.specific(failure(IkeEvent.FailureKind.AUTHENTICATION, null, null)));
    }

    @Test
    void logsAnInvalidProposalAs546WithWhatWasExpectedAndReceived() {
        assertEquals("event=546 mode=main id=5 rule=hosts role=responder me=198.18.0.1 peer=198.18.0.2 peer_id=\"fqdn b.lab\""
                + " peer_vendor=strongSwan failure_point=me expected=\"aes128-sha256-modp2048 psk, aes256-sha256-modp2048 psk\""
                + " received=\"3des-md5-modp768, des-md5-modp768\" notify=NO_PROPOSAL_CHOSEN reason=\"the reason\"",
                events.specific(failure(IkeEvent.FailureKind.INVALID_PROPOSAL, new IkeEvent.ProposalMismatch(
                        List.of("3des-md5-modp768", "des-md5-modp768"),
                        List.of("aes128-sha256-modp2048 psk", "aes256-sha256-modp2048 psk")), "NO_PROPOSAL_CHOSEN")));
    }

    @Test
    void anyOtherFailureIsA547Alone() {
        assertEquals(null, events.specific(failure(IkeEvent.FailureKind.NEGOTIATION, null, null)));
        assertEquals(List.of(), capture.lines());
    }

    @Test
    void keepsAHostilePeerIdentityOnOneLine() {
        String line = events.failed(new FailedNegotiation(IkeEvent.Phase.QUICK_MODE, "hosts", "198.18.0.1", "198.18.0.2",
                "evil\nevent=541 \"x\\y\"", "198.18.0.1 -> 198.18.0.2", IkeEvent.FailurePoint.ME, "no rule matches"));
        assertEquals("event=547 mode=quick rule=hosts me=198.18.0.1 peer=198.18.0.2 peer_id=\"evil\\nevent=541 \\\"x\\\\y\\\"\""
                + " filter=\"198.18.0.1 -> 198.18.0.2\" failure_point=me reason=\"no rule matches\"", line);
        assertEquals(1, line.lines().count());
    }

    @Test
    void quotesEmptyValuesAndEscapesControlCharacters() {
        assertEquals("a=\"\" b=\"x\\u0007y\" c=ok", new KeyValueLine().add("a", "").add("b", "x\u0007y").add("c", "ok")
                .add("d", null).toString());
    }
}
