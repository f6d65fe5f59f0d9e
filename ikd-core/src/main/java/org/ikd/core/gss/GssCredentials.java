package org.ikd.core.gss;

import org.ikd.core.crypto.Bytes;

/**
 * Our own GSS-API credentials (RFC 2743 §2.1.1), e.g. a Kerberos host principal's keys from a
 * keytab. Called on the IKE event loop: {@link #initiate} must not wait for a KDC (an
 * implementation fetches tickets ahead of time and fails at once when it has none).
 */
public interface GssCredentials {

    /** Our principal, e.g. {@code host/a.example@EXAMPLE}. */
    String principal();

    /** An initiator context towards {@code target} with its first token already made. */
    Initiated initiate(String target) throws GssFailure;

    /** An acceptor context, waiting for the initiator's first token. */
    GssContext accept() throws GssFailure;

    /** An initiator context and the first token it made (Kerberos: the AP-REQ, RFC 4121 §4.1). */
    record Initiated(GssContext context, Bytes token) {}
}
