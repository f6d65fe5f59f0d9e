package org.ikd.daemon.log;

import java.util.Locale;
import org.ikd.core.ike.IkeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The Windows IPsec audit events, one structured line each on logger {@code ikd.events} (to the
 * journal): 541 SA established (Main or Quick Mode), 542 Quick Mode SA ended, 543 Main Mode SA
 * ended, 547 negotiation failed (with failure point and reason). docs/operations.md lists the
 * keys. Each method logs the line and returns it.
 */
public final class AuditEvents {
    public static final String LOGGER = "ikd.events";
    public static final int SA_ESTABLISHED = 541;
    public static final int QUICK_MODE_SA_ENDED = 542;
    public static final int MAIN_MODE_SA_ENDED = 543;
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
        return info(mainMode(SA_ESTABLISHED, sa).add("peer_id", sa.peerId()).add("auth", sa.authentication())
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
        KeyValueLine line = new KeyValueLine().add("event", NEGOTIATION_FAILED).add("mode", mode(f.phase()))
                .add("rule", f.rule()).add("me", f.me()).add("peer", f.peer()).add("peer_id", f.peerId())
                .add("filter", f.filter()).add("failure_point", f.failurePoint().name().toLowerCase(Locale.ROOT))
                .add("reason", f.reason());
        return emit(log.atWarn(), line);
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
                .add("me", sa.me()).add("peer", sa.peer()).add("icookie", sa.initiatorCookie())
                .add("rcookie", sa.responderCookie());
    }

    private static KeyValueLine quickMode(int event, QuickModeSaSummary sa) {
        return new KeyValueLine().add("event", event).add("mode", "quick").add("id", sa.id()).add("mm_id", sa.mainModeId())
                .add("rule", sa.rule()).add("me", sa.me()).add("peer", sa.peer()).add("filter", sa.filter())
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
