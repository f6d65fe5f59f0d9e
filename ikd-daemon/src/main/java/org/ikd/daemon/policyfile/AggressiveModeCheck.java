package org.ikd.daemon.policyfile;

import java.util.List;
import org.ikd.core.policy.AuthenticationMethod;

/**
 * {@code aggressive = true} on a negotiate rule (RFC 2409 §5.4): ikd speaks Aggressive Mode with a
 * pre-shared key only, and warns every time the policy is read, because the responder's HASH_R goes in
 * the clear: one captured exchange lets anyone test guesses of the key offline, at the speed of
 * their hardware (ike-scan's psk-crack does so). Only a long random key resists that.
 */
final class AggressiveModeCheck {
    private AggressiveModeCheck() {}

    static void check(TomlSection r, String name, List<AuthenticationMethod> auth, Diagnostics log) {
        if (auth.stream().noneMatch(a -> a instanceof AuthenticationMethod.PreSharedKey)) {
            log.error(r.at("aggressive"), "rule '" + name + "' asks for Aggressive Mode but has no pre-shared key",
                    "a psk-file in authentication (ikd speaks Aggressive Mode with pre-shared keys only), or no aggressive");
            return;
        }
        log.warn(r.at("aggressive"), "rule '" + name + "' speaks Aggressive Mode: its pre-shared key can be cracked offline"
                + " from one captured exchange (HASH_R is sent in the clear, RFC 2409 §5.4); use a long random key"
                + " (e.g. 32 bytes from /dev/urandom, base64), or Main Mode");
    }
}
