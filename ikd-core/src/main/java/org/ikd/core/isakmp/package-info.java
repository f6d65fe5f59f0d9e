/**
 * The ISAKMP wire codec (RFC 2408 §3): header, message, encrypted message, {@link MessageRules}.
 * Pure byte work on java.nio and {@code crypto.Bytes}: no sockets, threads, Netty or clock.
 * Decoding throws only {@link org.ikd.core.isakmp.error.MalformedMessageException}, naming the notify type to answer with.
 */
package org.ikd.core.isakmp;
