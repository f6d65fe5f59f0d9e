/**
 * Faults under real daemons (issue 9): netem loss, reordering and duplication on the test veth
 * during negotiation and traffic, and a full disk under the Oakley log.
 */
package org.ikd.it.faults;
