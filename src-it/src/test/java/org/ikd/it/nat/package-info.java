/**
 * NAT traversal behind a real NAT (RFC 3947, RFC 3948): ikd inside {@link org.ikd.it.lab.NatLab}'s
 * masquerading router against ikd and strongSwan outside it. May import the lab helpers only.
 */
package org.ikd.it.nat;
