package org.ikd.core.ike.auth;

/** The peer's signature, certificate or ID does not authenticate it; the message says why. */
public final class AuthenticationRejected extends RuntimeException {
    public AuthenticationRejected(String message) {
        super(message, null, false, false);
    }
}
