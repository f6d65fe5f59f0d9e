package org.ikd.daemon.control;

import com.google.gson.annotations.SerializedName;

/**
 * One request on the control socket, as JSON: {@code {"command":"show-mm"}},
 * {@code {"command":"delete","kind":"qm","id":7}}, {@code {"command":"initiate","rule":"lab"}},
 * {@code {"command":"show-qm","peer":"198.18.0.2"}}, {@code {"command":"watch","rule":"lab","events":true}}.
 * Fields a command does not use are null. {@code rule} and {@code peer} narrow the show commands,
 * {@code down} and {@code watch} to one rule or one peer address.
 */
public record ControlRequest(Command command, String rule, SaKind kind, Long id, DynamicRule policy, String peer,
                             Boolean events, String level, String password) {

    public enum Command {
        @SerializedName("show-all") SHOW_ALL,
        @SerializedName("show-policy") SHOW_POLICY,
        @SerializedName("show-filters") SHOW_FILTERS,
        @SerializedName("show-mm") SHOW_MM,
        @SerializedName("show-qm") SHOW_QM,
        @SerializedName("show-stats") SHOW_STATS,
        @SerializedName("monitor") MONITOR,
        @SerializedName("initiate") INITIATE,
        @SerializedName("delete") DELETE,
        @SerializedName("reload") RELOAD,
        @SerializedName("policy-add") POLICY_ADD,
        @SerializedName("policy-delete") POLICY_DELETE,
        @SerializedName("diag") DIAG,
        @SerializedName("keys") KEYS,
        @SerializedName("down") DOWN,
        @SerializedName("rekey") REKEY,
        @SerializedName("stats-reset") STATS_RESET,
        @SerializedName("show-credentials") SHOW_CREDENTIALS,
        @SerializedName("oakley-log") OAKLEY_LOG,
        @SerializedName("policy-export") POLICY_EXPORT,
        /** A road warrior's XAUTH password, typed by the admin (ikdctl xauth-login RULE). */
        @SerializedName("xauth-login") XAUTH_LOGIN,
        /** A stream, not one answer: the live Oakley log and events, one JSON line each (see ControlStreams). */
        @SerializedName("watch") WATCH
    }

    /** Main Mode (ISAKMP) or Quick Mode (IPsec) SA. */
    public enum SaKind {
        @SerializedName("mm") MM,
        @SerializedName("qm") QM
    }

    public static ControlRequest of(Command command) {
        return new ControlRequest(command, null, null, null, null, null, null, null, null);
    }

    /** A command narrowed to one rule and/or one peer (either may be null). */
    public static ControlRequest narrowed(Command command, String rule, String peer) {
        return new ControlRequest(command, rule, null, null, null, peer, null, null, null);
    }

    public static ControlRequest initiate(String rule) {
        return narrowed(Command.INITIATE, rule, null);
    }

    public static ControlRequest delete(SaKind kind, long id) {
        return new ControlRequest(Command.DELETE, null, kind, id, null, null, null, null, null);
    }

    public static ControlRequest addRule(DynamicRule rule) {
        return new ControlRequest(Command.POLICY_ADD, null, null, null, rule, null, null, null, null);
    }

    public static ControlRequest deleteRule(String name) {
        return narrowed(Command.POLICY_DELETE, name, null);
    }

    /** The Oakley log's detail: {@code off}, {@code failures} or {@code all}; null asks for the current one. */
    public static ControlRequest oakleyLog(String level) {
        return new ControlRequest(Command.OAKLEY_LOG, null, null, null, null, null, null, level, null);
    }

    /** A road warrior's XAUTH password for {@code rule}; {@link #toString} never shows it. */
    public static ControlRequest xauthLogin(String rule, String password) {
        return new ControlRequest(Command.XAUTH_LOGIN, rule, null, null, null, null, null, null, password);
    }

    @Override
    public String toString() {
        return "ControlRequest[" + command + (rule == null ? "" : " rule " + rule) + (password == null ? "" : " password (hidden)") + "]";
    }

    /** The live stream: Oakley lines and events, or events alone; narrowed to a rule and/or peer. */
    public static ControlRequest watch(String rule, String peer, boolean eventsOnly) {
        return new ControlRequest(Command.WATCH, rule, null, null, null, peer, eventsOnly, null, null);
    }
}
