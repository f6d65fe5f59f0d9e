package org.ikd.core.policy;

import org.ikd.core.crypto.Secret;

/**
 * What a rule answers when its gateway asks for XAUTH (draft-beaulieu-ike-xauth-02 §4.1, generic type):
 * a user name and a password kept as a {@link Secret} (read from a private file, never logged; null: the
 * admin types it, {@code ikdctl xauth-login RULE}); with
 * {@code push} the gateway sends our configuration itself (draft-dukes-ike-mode-cfg-02 §3.2 CFG_SET, we
 * ACK it) instead of answering our CFG_REQUEST.
 */
public record XauthLogin(String user, Secret password, boolean push) {
    public XauthLogin {
        if (user == null || user.isEmpty() || user.length() > 64 || !user.chars().allMatch(c -> c > 0x20 && c < 0x7f))
            throw new IllegalArgumentException("XAUTH user name (expected: 1..64 printable ASCII characters)");
    }

    /** Mode-Config pull, the default. */
    public XauthLogin(String user, Secret password) {
        this(user, password, false);
    }

    @Override
    public String toString() {
        return "XAUTH login " + user;
    }
}
