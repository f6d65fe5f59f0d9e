package org.ikd.daemon.control;

import org.ikd.daemon.log.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one request into one response: checks the caller, calls the handler, wraps the result.
 * Pure logic, no socket: the server feeds it, tests call it directly. Error replies are plain
 * words for the admin, never an exception's class or text (those go to the daemon log).
 */
public final class ControlDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ControlDispatcher.class);

    private final ControlHandler handler;
    private final CallerCheck callers;

    public ControlDispatcher(ControlHandler handler, CallerCheck callers) {
        this.handler = handler;
        this.callers = callers;
    }

    public ControlResponse dispatch(ControlRequest request, Caller caller) {
        if (!callers.admits(caller)) {
            LOG.warn("control: refused {} (neither root nor in group ikd)", caller);
            return ControlResponse.failure(ErrorCode.DENIED, CallerCheck.REFUSAL);
        }
        if (request.command() == null)
            return ControlResponse.failure(ErrorCode.INVALID, "request has no known command (expected one of: "
                    + java.util.Arrays.toString(ControlRequest.Command.values()).toLowerCase().replace('_', '-') + ")");
        try {
            return ControlResponse.success(ControlJson.tree(answer(request, caller)));
        } catch (ControlException e) {
            return ControlResponse.failure(e.code(), e.getMessage());
        } catch (RuntimeException e) {
            // The reply goes to an admin's terminal: plain words; the exception and its stack go to the daemon log.
            LOG.error("control: {} failed", request.command(), e);
            return ControlResponse.failure(ErrorCode.INTERNAL, "internal error in ikd while answering "
                    + request.command().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + "; the daemon log has the details: journalctl -u ikd");
        }
    }

    private Object answer(ControlRequest r, Caller caller) throws ControlException {
        return switch (r.command()) {
            case SHOW_ALL -> Narrowing.of(r).all(handler.all());
            case SHOW_POLICY -> handler.policy();
            case SHOW_FILTERS -> handler.filters();
            case SHOW_MM -> Narrowing.of(r).mainModes(handler.mainModeSas());
            case SHOW_QM -> Narrowing.of(r).quickModes(handler.quickModeSas());
            case SHOW_STATS -> handler.statistics();
            case MONITOR -> handler.monitor();
            case INITIATE -> handler.initiate(required(r.rule(), "rule"));
            case DELETE -> handler.delete(required(r.kind(), "kind (mm or qm)"), required(r.id(), "id"));
            case RELOAD -> handler.reload();
            case POLICY_ADD -> handler.addRule(required(r.policy(), "policy"));
            case POLICY_DELETE -> handler.deleteRule(required(r.rule(), "rule"));
            case DIAG -> handler.diag();
            case KEYS -> keys(caller);
            case DOWN -> handler.down(narrowed(r));
            case REKEY -> handler.rekey(narrowed(r));
            case STATS_RESET -> handler.resetStatistics();
            case SHOW_CREDENTIALS -> handler.credentials();
            case OAKLEY_LOG -> handler.oakleyLog(r.level());
            case POLICY_EXPORT -> handler.exportPolicy();
            case XAUTH_LOGIN -> handler.xauthLogin(required(r.rule(), "rule"), required(r.password(), "password"));
            case WATCH -> throw new ControlException(ErrorCode.INVALID, "watch is a stream: the control server starts it, not the dispatcher");
        };
    }

    /**
     * A {@code watch} request: the caller is checked as for any request, then its subscription
     * (narrowed to a rule or peer) is made; the server streams it.
     */
    public EventStream.Subscription watch(ControlRequest r, Caller caller) throws ControlException {
        if (!callers.admits(caller)) {
            LOG.warn("control: refused {} (neither root nor in group ikd)", caller);
            throw new ControlException(ErrorCode.DENIED, CallerCheck.REFUSAL);
        }
        return handler.watch(Narrowing.of(r), Boolean.TRUE.equals(r.events()));
    }

    /** {@code down} needs a rule or a peer: without one it would end everything. */
    private static Narrowing narrowed(ControlRequest r) throws ControlException {
        Narrowing n = Narrowing.of(r);
        if (!n.any()) throw new ControlException(ErrorCode.INVALID, r.command().name().toLowerCase(java.util.Locale.ROOT)
                + " needs a rule name or --peer ADDR");
        return n;
    }

    private KeyTable keys(Caller caller) throws ControlException {
        if (!caller.isRoot())
            throw new ControlException(ErrorCode.DENIED, "permission denied: ikdctl keys prints every SA key and is for root only");
        LOG.warn("control: {} exported the IKE and ESP keys of every SA (ikdctl keys)", caller);
        return handler.keys();
    }

    private static <T> T required(T value, String what) throws ControlException {
        if (value == null) throw new ControlException(ErrorCode.INVALID, "request lacks its " + what);
        return value;
    }
}
