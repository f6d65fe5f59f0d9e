/**
 * Dead Peer Detection (RFC 3706) with real daemons: a peer killed with SIGKILL, the detection and
 * recovery times. May import the lab helpers and {@code org.ikd.it.nat}'s policies and traffic.
 */
package org.ikd.it.dpd;
