/**
 * Windows' filter actions end to end with a real {@code ikd run}: block, permit, negotiate with and
 * without accept-unsecured, observed by the peer's ping and by nftables counters of the test's own.
 * A rule's options (replay window, NAT-T) observed on the wire and in the counters. Daemons are
 * started with {@link org.ikd.it.lab.IkdNode}.
 */
package org.ikd.it.actions;
