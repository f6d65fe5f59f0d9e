package org.ikd.daemon.control;

import org.ikd.daemon.log.EventStream;

/**
 * What the daemon answers on the control socket. Called on a control worker thread (never the
 * IKE event loop): implementations hand work to the event loop and wait for it, within the
 * socket's timeout. Failures are {@link ControlException}s with words for the admin; anything
 * else thrown is reported as an internal error and logged.
 */
public interface ControlHandler {

    PolicyView policy() throws ControlException;

    FilterTable filters() throws ControlException;

    MainModeSas mainModeSas() throws ControlException;

    QuickModeSas quickModeSas() throws ControlException;

    Statistics statistics() throws ControlException;

    /** Start Main Mode (if needed) and Quick Mode for a rule; answers once started, not when done. */
    Outcome initiate(String rule) throws ControlException;

    /** Keeps {@code password} for the road-warrior rule {@code rule} ({@code ikdctl xauth-login}). */
    default Outcome xauthLogin(String rule, String password) throws ControlException {
        throw new ControlException(ErrorCode.INVALID, "this daemon keeps no XAUTH passwords");
    }

    /** Delete an SA, sending the Delete payload (RFC 2408 §3.15) to the peer. */
    Outcome delete(ControlRequest.SaKind kind, long id) throws ControlException;

    /** Re-read the policy file, as SIGHUP does. */
    Outcome reload() throws ControlException;

    Outcome addRule(DynamicRule rule) throws ControlException;

    Outcome deleteRule(String name) throws ControlException;

    DiagReport diag() throws ControlException;

    /** Current IKE and ESP keys; the dispatcher has checked that the caller is root. */
    KeyTable keys() throws ControlException;

    /** Deletes every Quick Mode and Main Mode SA of a rule or with a peer, sending Deletes. */
    Outcome down(Narrowing which) throws ControlException;

    /** A new Quick Mode now for every Quick Mode SA of a rule or with a peer; the old pairs hand over to them. */
    Outcome rekey(Narrowing which) throws ControlException;

    /** Counters count from now on (the daemon keeps a baseline; see {@link CounterBaseline}). */
    Outcome resetStatistics() throws ControlException;

    /** The certificates, CAs and CRLs the policy in force names, as loaded. */
    Credentials credentials() throws ControlException;

    /**
     * Sets how much the Oakley log writes, at run time, as Windows' EnableLogging: {@code off},
     * {@code failures} (WARN) or {@code all} (every message and decision); null only reports it.
     */
    Outcome oakleyLog(String level) throws ControlException;

    /** The policy in force as the files it came from: the policy file as parsed, and each dynamic rule's file. */
    PolicyExport exportPolicy() throws ControlException;

    /** A subscription to the live Oakley log and events, narrowed; BUSY when too many are live. */
    EventStream.Subscription watch(Narrowing which, boolean eventsOnly) throws ControlException;

    default ShowAll all() throws ControlException {
        return new ShowAll(policy(), filters(), mainModeSas(), quickModeSas(), statistics());
    }

    default MonitorSnapshot monitor() throws ControlException {
        return new MonitorSnapshot(statistics(), mainModeSas(), quickModeSas());
    }
}
