/**
 * Hostile input through real daemons (issues 9, 13): secrets never leak into logs or ikdctl output,
 * replayed/forged/truncated ESP is dropped and counted, a Main Mode flood stays bounded, and a peer
 * that authenticates with a valid key gets only what its key allows (AuthenticatedPeer*IT, with
 * {@link org.ikd.it.hostile.peer.ScriptedPeer}). {@link org.ikd.it.hostile.Counters} and the
 * policies here are shared with faults and privilege.
 */
package org.ikd.it.hostile;
