/**
 * The sans-I/O IKEv1 engine: datagrams, timer firings and acquires in, {@link org.ikd.core.ike.Step}s out.
 * Owns the ISAKMP SA table, retransmission, duplicate detection and counters. Confined to one thread;
 * never touches sockets, Netty, threads or the wall clock. May import {@code isakmp}, {@code oakley},
 * {@code crypto}, {@code policy}, {@code sa}; the exchanges plug in through {@link org.ikd.core.ike.ExchangeFactory}.
 */
package org.ikd.core.ike;
