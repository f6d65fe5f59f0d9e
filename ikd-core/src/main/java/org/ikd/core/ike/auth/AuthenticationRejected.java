package org.ikd.core.ike.auth;

/**
 * The peer's signature, certificate or ID does not authenticate it; the message says why.
 * {@link #certificateTrust()}: its certificate does not validate under our trust anchors and CRL
 * (Windows audit event 544), rather than a signature or ID that does not match (545).
 */
public final class AuthenticationRejected extends RuntimeException {
    private final boolean certificateTrust;

    public AuthenticationRejected(String message) {
        this(message, false);
    }

    public AuthenticationRejected(String message, boolean certificateTrust) {
        super(message, null, false, false);
        this.certificateTrust = certificateTrust;
    }

    public boolean certificateTrust() {
        return certificateTrust;
    }
}
