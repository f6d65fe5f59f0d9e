package org.ikd.daemon.policyfile;

/**
 * Dead Peer Detection (RFC 3706): after {@code delaySeconds} without traffic from the peer send
 * R-U-THERE; declare it dead when nothing has come back for {@code timeoutSeconds}, then apply
 * {@code action}.
 */
public record DeadPeerDetection(long delaySeconds, long timeoutSeconds, Action action) {
    public static final long DEFAULT_DELAY_SECONDS = 30;
    public static final long DEFAULT_TIMEOUT_SECONDS = 150;

    /** What happens to a dead peer's SAs. */
    public enum Action {
        /** Delete them; the next packet the rule matches starts a new negotiation. */
        CLEAR("clear"),
        /** Delete them and negotiate again at once, retrying until the peer answers (tunnels that must stay up). */
        RESTART("restart"),
        /** Delete them and keep the rule: the next packet it matches acquires a new SA (strongSwan's "hold"). */
        HOLD("hold");

        private final String keyword;

        Action(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() { return keyword; }
    }

    public DeadPeerDetection {
        if (delaySeconds <= 0 || timeoutSeconds <= delaySeconds)
            throw new IllegalArgumentException("DPD delay " + delaySeconds + "s, timeout " + timeoutSeconds + "s (expected: 0 < delay < timeout)");
    }
}
