/**
 * The native I/O layer as the daemon sees it: TUN queues, raw IP sockets, routes and policy-routing
 * rules, inbound enforcement, behind the {@link org.ikd.tun.LinkLayer} facade. Knows nothing of IPsec;
 * imports only the JDK. The implementation (jnr-ffi, rtnetlink, nft) lives in {@code org.ikd.tun.posix}.
 */
package org.ikd.tun;
