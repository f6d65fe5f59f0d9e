/**
 * Hostile input through real daemons (issue 9): secrets never leak into logs or ikdctl output,
 * replayed/forged/truncated ESP is dropped and counted, a Main Mode flood stays bounded.
 * {@link org.ikd.it.hostile.Counters} and the policies here are shared with faults and privilege.
 */
package org.ikd.it.hostile;
