package org.ikd.daemon.log;

import java.util.Locale;
import org.ikd.core.ike.IkeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The Windows IPsec audit events, one structured line each on logger {@code ikd.events} (to the
 * journal), numbered as Windows XP/2003's Security log numbers them (msaudite.h, SE_AUDITID_IPSEC_*):
 * 541 SA established (Main or Quick Mode), 542 Quick Mode SA ended, 543 Main Mode SA ended, 544 the
 * peer's certificate is not trusted, 545 the peer did not authenticate, 546 the peer sent an invalid
 * proposal, 547 negotiation failed (with failure point and reason; after each 544–546 too, as the
 * one event every failure has). docs/operations.md lists the keys. Each method logs the line and
 * returns it.
 */
public final class AuditEvents {
    public static final String LOGGER = "ikd.events";
    public static final int SA_ESTABLISHED = 541;
    public static final int QUICK_MODE_SA_ENDED = 542;
    public static final int MAIN_MODE_SA_ENDED = 543;
    public static final int CERTIFICATE_TRUST_FAILED = 544;
    public static final int AUTHENTICATION_FAILED = 545;
    public static final int INVALID_PROPOSAL = 546;
    public static final int NEGOTIATION_FAILED = 547;

    private final Logger log;

    public AuditEvents(Logger log) {
        this.log = log;
    }

    public static AuditEvents toJournal() {
        return new AuditEvents(LoggerFactory.getLogger(LOGGER));
    }

    /** 541, mode=main. */
    public String established(MainModeSaSummary sa) {
        return info(mainMode(SA_ESTABLISHED, sa).add("peer_id", sa.peerId())
                .add("peer_vendor", sa.peerVendor() == null || sa.peerVendor().isEmpty() ? null : sa.peerVendor()).add("auth", sa.authentication())
                .add("proposal", sa.proposal()).add("lifetime_s", sa.lifetimeSeconds()));
    }

    /** 541, mode=quick. */
    public String established(QuickModeSaSummary sa) {
        return info(quickMode(SA_ESTABLISHED, sa).add("transform", sa.transform()).add("encapsulation", sa.encapsulation())
                .add("pfs", sa.pfs() ? "yes" : "no").add("lifetime_s", sa.lifetimeSeconds())
                .add("lifetime_kb", sa.lifetimeKilobytes()));
    }

    /** 543: a Main Mode SA ended (expired, deleted by us or by the peer). */
    public String ended(MainModeSaSummary sa, String reason) {
        return info(mainMode(MAIN_MODE_SA_ENDED, sa).add("reason", reason));
    }

    /** 542: a Quick Mode SA pair ended. */
    public String ended(QuickModeSaSummary sa, String reason) {
        return info(quickMode(QUICK_MODE_SA_ENDED, sa).add("reason", reason));
    }

    /** 547, logged at WARN. */
    public String failed(FailedNegotiation f) {
        return emit(log.atWarn(), failure(NEGOTIATION_FAILED, f).add("failure_point", lower(f.failurePoint()))
                .add("notify", f.notifyType()).add("reason", f.reason()));
    }

    /** 544, 545 or 546 for {@code f}'s kind, logged at WARN before its 547; null for any other failure. */
    public String specific(FailedNegotiation f) {
        int event = switch (f.kind()) {
            case CERTIFICATE_TRUST -> CERTIFICATE_TRUST_FAILED;
            case AUTHENTICATION -> AUTHENTICATION_FAILED;
            case INVALID_PROPOSAL -> INVALID_PROPOSAL;
            case NEGOTIATION -> 0;
        };
        if (event == 0) return null;
        return emit(log.atWarn(), failure(event, f).add("failure_point", lower(f.failurePoint())).add("expected", f.expected())
                .add("received", f.received()).add("notify", f.notifyType()).add("reason", f.reason()));
    }

    /** What 544–547 share: who and where. */
    private static KeyValueLine failure(int event, FailedNegotiation f) {
        return new KeyValueLine().add("event", event).add("mode", mode(f.phase())).add("id", f.id() > 0 ? f.id() : null)
                .add("rule", f.rule()).add("role", f.role()).add("me", f.me()).add("peer", f.peer()).add("peer_id", f.peerId())
                .add("peer_vendor", f.peerVendor() == null || f.peerVendor().isEmpty() ? null : f.peerVendor())
                .add("filter", f.filter());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String mode(IkeEvent.Phase phase) {
        return switch (phase) {
            case MAIN_MODE -> "main";
            case QUICK_MODE -> "quick";
            case INFORMATIONAL -> "informational";
        };
    }

    private static KeyValueLine mainMode(int event, MainModeSaSummary sa) {
        return new KeyValueLine().add("event", event).add("mode", "main").add("id", sa.id()).add("rule", sa.rule())
                .add("role", sa.role()).add("me", sa.me()).add("peer", sa.peer()).add("icookie", sa.initiatorCookie())
                .add("rcookie", sa.responderCookie());
    }

    private static KeyValueLine quickMode(int event, QuickModeSaSummary sa) {
        return new KeyValueLine().add("event", event).add("mode", "quick").add("id", sa.id()).add("mm_id", sa.mainModeId())
                .add("rule", sa.rule()).add("role", sa.role()).add("me", sa.me()).add("peer", sa.peer())
                .add("peer_vendor", sa.peerVendor() == null || sa.peerVendor().isEmpty() ? null : sa.peerVendor()).add("filter", sa.filter())
                .add("inbound_spi", sa.inboundSpi()).add("outbound_spi", sa.outboundSpi());
    }

    private String info(KeyValueLine line) {
        return emit(log.atInfo(), line);
    }

    /** The line, with its fields as SLF4J key-value pairs (typed for the journal and the event stream). */
    private static String emit(LoggingEventBuilder event, KeyValueLine line) {
        String s = line.toString();
        line.fields().forEach(event::addKeyValue);
        event.log(s);
        return s;
    }
}
