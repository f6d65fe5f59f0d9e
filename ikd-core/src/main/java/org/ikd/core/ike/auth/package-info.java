/**
 * How Main Mode proves identities: pre-shared keys looked up by peer address or ID (RFC 2409 §5.4);
 * signatures come later. Sans-I/O. May import {@code policy}, {@code crypto}.
 */
package org.ikd.core.ike.auth;
