package org.ikd.daemon.control;

import com.google.gson.annotations.SerializedName;

/**
 * One request on the control socket, as JSON: {@code {"command":"show-mm"}},
 * {@code {"command":"delete","kind":"qm","id":7}}, {@code {"command":"initiate","rule":"lab"}}.
 * Fields a command does not use are null.
 */
public record ControlRequest(Command command, String rule, SaKind kind, Long id, DynamicRule policy) {

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
        @SerializedName("keys") KEYS
    }

    /** Main Mode (ISAKMP) or Quick Mode (IPsec) SA. */
    public enum SaKind {
        @SerializedName("mm") MM,
        @SerializedName("qm") QM
    }

    public static ControlRequest of(Command command) {
        return new ControlRequest(command, null, null, null, null);
    }

    public static ControlRequest initiate(String rule) {
        return new ControlRequest(Command.INITIATE, rule, null, null, null);
    }

    public static ControlRequest delete(SaKind kind, long id) {
        return new ControlRequest(Command.DELETE, null, kind, id, null);
    }

    public static ControlRequest addRule(DynamicRule rule) {
        return new ControlRequest(Command.POLICY_ADD, null, null, null, rule);
    }

    public static ControlRequest deleteRule(String name) {
        return new ControlRequest(Command.POLICY_DELETE, name, null, null, null);
    }
}
