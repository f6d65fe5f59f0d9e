/**
 * The only Netty package: UDP 500 and 4500 sockets per local address, the non-ESP marker demux
 * (RFC 3948 §2.2), NAT keepalives, ESP-in-UDP hand-off to the data plane, and the event loop that
 * runs the {@code ike} engine and its timers. May import {@code ike}, {@code crypto}, Netty.
 */
package org.ikd.core.ike.transport;
