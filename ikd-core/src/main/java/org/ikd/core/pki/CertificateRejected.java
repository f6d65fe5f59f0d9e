package org.ikd.core.pki;

/** A certificate (or a PEM/DER text) that cannot be used; the message says what was found and what was expected. */
public final class CertificateRejected extends RuntimeException {
    public CertificateRejected(String message) {
        super(message, null, false, false);
    }
}
