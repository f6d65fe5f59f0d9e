/**
 * One record per ISAKMP payload (RFC 2408 §3.2-3.15, RFC 2407 §4.6, RFC 3947 §3.2/§5.2), each
 * decoding and encoding its body; {@link PayloadCodec} walks the chain of generic headers.
 * Imports {@code isakmp.error}, {@code isakmp.doi}, {@code crypto.Bytes} and java.nio only (never
 * {@code isakmp}, which builds messages out of payloads).
 */
package org.ikd.core.isakmp.payload;
