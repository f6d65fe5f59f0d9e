package org.ikd.core.gss;

/**
 * A GSS-API call failed (RFC 2743 §1.2.1.1 major status other than GSS_S_COMPLETE and
 * GSS_S_CONTINUE_NEEDED). The message names the mechanism's reason as an admin reads it, e.g.
 * {@code Clock skew too great (37)} or {@code KDC 198.18.0.3 unreachable}; it never holds key material.
 */
public final class GssFailure extends Exception {
    public GssFailure(String message) {
        super(message);
    }
}
