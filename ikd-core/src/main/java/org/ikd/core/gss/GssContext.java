package org.ikd.core.gss;

import org.ikd.core.crypto.Bytes;

/**
 * One GSS-API security context (RFC 2743 §1.1.3), initiator or acceptor, as the IKE exchange drives
 * it. Every call works on memory only: an implementation that needs a KDC does that work before it
 * hands the context out ({@link GssCredentials#initiate}). Not thread-safe: one Main Mode, one thread.
 */
public interface GssContext {

    /**
     * RFC 2743 §2.2.1/§2.2.2: GSS_Init_sec_context / GSS_Accept_sec_context with the peer's
     * {@code token}; returns the token to send back, empty when there is none.
     */
    Bytes step(Bytes token) throws GssFailure;

    /** True once the context is established (GSS_S_COMPLETE). */
    boolean established();

    /** The authenticated peer's name once established, e.g. {@code host/b.example@EXAMPLE}. */
    String peer();

    /** RFC 2743 §2.3.3 GSS_Wrap with confidentiality. */
    Bytes wrap(Bytes message) throws GssFailure;

    /** RFC 2743 §2.3.4 GSS_Unwrap; a token that does not verify is a {@link GssFailure}. */
    Bytes unwrap(Bytes token) throws GssFailure;

    /** RFC 2743 §2.2.3 GSS_Delete_sec_context: forgets the context's keys. */
    void dispose();
}
