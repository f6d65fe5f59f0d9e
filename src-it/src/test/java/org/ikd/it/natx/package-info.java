/**
 * Issue 7's NAT gaps behind {@link org.ikd.it.lab.NatLab}'s real NAT: a draft-02-only peer, transport
 * mode through the NAT (NAT-OA, RFC 3947 §5.2 / RFC 3948 §3.1.2) and a NAT that re-maps the inside peer.
 */
package org.ikd.it.natx;
