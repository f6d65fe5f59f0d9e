/**
 * How Main Mode proves identities: pre-shared keys looked up by peer address or ID (RFC 2409 §5.4),
 * signatures with X.509 certificates (RFC 2409 §5.1, RFC 4754). Sans-I/O. May import {@code policy},
 * {@code crypto}, {@code pki} and the {@code isakmp} payloads.
 */
package org.ikd.core.ike.auth;
