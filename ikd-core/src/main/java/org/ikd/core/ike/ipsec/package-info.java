/**
 * The life of an IPsec SA pair (RFC 2409 §5.5, RFC 4301 §4.4.2.1): the engine's one registry of
 * pairs, each with an explicit {@link org.ikd.core.ike.ipsec.PairState}, and the machine that moves
 * them on lifetime crossings, installs and engine timers, emitting {@link org.ikd.core.ike.ipsec.PairAction}s.
 * Confined to the IKE event loop. May import {@code ike} (steps, timers, events), {@code sa}, {@code policy}.
 */
package org.ikd.core.ike.ipsec;
