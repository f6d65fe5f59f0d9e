package org.ikd.daemon.sa;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.daemon.log.OakleyLog;

/**
 * One Oakley log line per IKE outcome ({@code PEER EXCHANGE TEXT}, docs/operations.md). A first,
 * simple renderer: the engine's {@link IkeEvent.Progress} lines pass through as they are, the
 * outcomes are worded here. Key material reaches a line only through {@link OakleyLog#secret}:
 * hidden (its length only) unless the daemon runs with {@code --debug-secrets}.
 */
public final class OakleyRenderer {
    private final OakleyLog log;

    public OakleyRenderer(OakleyLog log) {
        this.log = log;
    }

    /** The acquire, the filter that matched and what we will offer. */
    void acquire(AcquireRequest r, Rule rule, Selector matched, String packet) {
        StringBuilder b = new StringBuilder("acquire: packet ").append(packet).append(" matched rule '").append(rule.name())
                .append("' filter ").append(matched).append("; negotiating ").append(r.flow())
                .append(rule.isTunnel() ? " (tunnel to " + AddressText.of(rule.tunnelEndpoint()) + ")" : " (transport)");
        if (rule.action() instanceof FilterAction.Negotiate n) {
            b.append(", offering");
            for (SecurityMethod m : n.methods()) b.append(' ').append(m);
            if (n.sessionKeyPfs()) b.append(", PFS ").append(n.pfsGroup().keyword());
        }
        log.line(AddressText.of(r.peer()), "ACQUIRE", b.toString());
    }

    void render(IkeEvent e) {
        if (e instanceof IkeEvent.Progress p) progress(p);
        else if (e instanceof IkeEvent.PhaseOneEstablished m)
            log.line(peer(m.remote()), "MM", "Phase 1 SA established: " + m.summary() + " (" + lower(m.role()) + ", #"
                    + m.sa().serial() + (m.sa().rule() == null ? "" : ", rule '" + m.sa().rule() + "'") + ", peer id "
                    + m.peerId() + ", cookies " + m.cookies() + ")");
        else if (e instanceof IkeEvent.QuickModeEstablished q)
            log.line(peer(q.remote()), "QM", "Phase 2 SA pair " + q.pair().id() + " for rule '" + q.pair().ruleName() + "': "
                    + SaDescriptions.transform(q.pair().outbound()) + " " + SaDescriptions.encapsulation(q.pair().outbound()) + " "
                    + q.pair().outbound().outermost().selector() + ", SPI in " + q.pair().inbound().outermost().spi()
                    + " out " + q.pair().outbound().outermost().spi() + " -> installed");
        if (e instanceof IkeEvent.QuickModeEstablished q) keys(q);
        else if (e instanceof IkeEvent.SaDeleted d) deleted(d);
        else if (e instanceof IkeEvent.NegotiationFailed f) failed(f);
        else if (e instanceof IkeEvent.PeerDead d)
            log.failure(peer(d.remote()), "DPD", "peer is dead (no answer to R-U-THERE, RFC 3706): deleting its SAs");
        else if (e instanceof IkeEvent.ForeignDeleteIgnored f)
            log.failure(peer(f.remote()), "INFO", f.what());
        else if (e instanceof IkeEvent.PacketDropped d)
            log.failure(peer(d.remote()), "IKE", "message dropped: " + d.reason());
    }

    /** Fallback to clear after a failed or timed-out negotiation. */
    void softAssociation(AcquireRequest r, String why) {
        log.failure(AddressText.of(r.peer()), "ACQUIRE", "fallback to clear for rule '" + r.ruleName() + "' " + r.flow()
                + " (" + why + "): soft association, traffic flows unprotected");
    }

    /** The waiting packets of an acquire are dropped. */
    void acquireAbandoned(AcquireRequest r, int packets, String why) {
        log.failure(AddressText.of(r.peer()), "ACQUIRE", "gave up on rule '" + r.ruleName() + "' " + r.flow() + " (" + why
                + "): " + packets + " queued packet(s) dropped");
    }

    private void progress(IkeEvent.Progress p) {
        log.line(peer(p.remote()), p.exchange(), p.detail());
    }

    /**
     * The failure, then for 544, 545 and 546 (msaudite.h) what that event adds: the rule and peer, and
     * for an invalid proposal what was received and what we expect.
     */
    private void failed(IkeEvent.NegotiationFailed f) {
        String column = phase(f.phase());
        log.failure(peer(f.remote()), column, "negotiation failed (failure point: " + lower(f.point()) + "): " + f.reason());
        String who = "rule " + (f.rule() == null ? "none" : "'" + f.rule() + "'") + ", peer id "
                + (f.sa().peerId() == null ? "none" : f.sa().peerId());
        switch (f.kind()) {
            case CERTIFICATE_TRUST -> log.failure(peer(f.remote()), column, "event 544: the peer's certificate is not trusted (" + who + ")");
            case AUTHENTICATION -> log.failure(peer(f.remote()), column, "event 545: the peer did not authenticate (" + who + ")");
            case INVALID_PROPOSAL -> log.failure(peer(f.remote()), column, "event 546: the peer sent an invalid proposal (" + who
                    + "): received " + (f.mismatch() == null ? "?" : String.join(", ", f.mismatch().received())) + "; expected "
                    + (f.mismatch() == null ? "?" : String.join(", ", f.mismatch().expected())));
            case NEGOTIATION -> { }
        }
    }

    private void deleted(IkeEvent.SaDeleted d) {
        String by = lower(d.by()).replace('_', ' ');
        if (d.which() instanceof IkeEvent.IpsecSaRef r)
            log.line(peer(r.remote()), "QM", "Phase 2 SA pair " + r.pairId() + " for rule '" + r.ruleName() + "' deleted ("
                    + by + "): " + d.why() + " -> removed");
        else if (d.which() instanceof IkeEvent.IsakmpSaRef r)
            log.line(peer(r.remote()), "MM", "Phase 1 SA " + r.cookies() + " deleted (" + by + "): " + d.why());
    }

    static String phase(IkeEvent.Phase p) {
        return switch (p) {
            case MAIN_MODE -> "MM";
            case QUICK_MODE -> "QM";
            case INFORMATIONAL -> "INFO";
        };
    }

    /** One line per SA of the pair: its keys, shown only under --debug-secrets (OakleyLog#secret). */
    private void keys(IkeEvent.QuickModeEstablished q) {
        for (IpsecSaBundle b : List.of(q.pair().inbound(), q.pair().outbound()))
            for (IpsecSaSpec s : b.sas())
                log.line(peer(q.remote()), "QM", "keys of " + s.protocol() + " SPI " + s.spi() + " (" + b.direction() + "): "
                        + log.secret("encryption", s.encryptionKey()) + " " + log.secret("integrity", s.integrityKey()));
    }

    static String peer(InetSocketAddress a) {
        return a == null ? "-" : AddressText.of(a.getAddress());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
