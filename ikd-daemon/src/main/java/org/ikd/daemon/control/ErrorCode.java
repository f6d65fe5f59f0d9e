package org.ikd.daemon.control;

import com.google.gson.annotations.SerializedName;

/** Why a control request failed; ikdctl maps each to an exit code (docs/operations.md). */
public enum ErrorCode {
    /** The request names no rule/SA that exists. */
    @SerializedName("not-found") NOT_FOUND,
    /** The request is malformed or its values are refused (unknown algorithm, bad address...). */
    @SerializedName("invalid") INVALID,
    /** The daemon tried and failed (reload found a broken policy file, a negotiation could not start...). */
    @SerializedName("failed") FAILED,
    /** The caller is neither root nor in group ikd, or asked for a root-only command. */
    @SerializedName("denied") DENIED,
    /** Every control worker is busy. */
    @SerializedName("busy") BUSY,
    /** A bug in the daemon: it is logged there with its stack trace. */
    @SerializedName("internal") INTERNAL,
    /** Client side: no daemon listens on the socket. */
    @SerializedName("not-running") NOT_RUNNING,
    /** Client side: the daemon did not answer in time, or answered something unreadable. */
    @SerializedName("no-answer") NO_ANSWER
}
