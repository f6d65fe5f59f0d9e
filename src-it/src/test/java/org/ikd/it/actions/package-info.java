/**
 * Windows' filter actions end to end with a real {@code ikd run}: block, permit, negotiate with and
 * without accept-unsecured, observed by the peer's ping and by nftables counters of the test's own.
 * {@link org.ikd.it.actions.IkdDaemon} is the public launcher the swan package reuses.
 */
package org.ikd.it.actions;
