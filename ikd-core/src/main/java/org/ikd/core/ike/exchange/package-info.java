/**
 * The IKEv1 exchanges, one class per exchange and role (RFC 2409 §5: Main Mode with pre-shared keys,
 * Quick Mode, Informational), proposal choice, NAT-T (RFC 3947) and vendor IDs. Sans-I/O and confined
 * to the IKE event loop. May import {@code ike}, {@code ike.auth}, {@code isakmp}, {@code oakley},
 * {@code crypto}, {@code policy}, {@code sa}.
 */
package org.ikd.core.ike.exchange;
