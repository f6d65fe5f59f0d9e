/**
 * Least privilege (issue 9): ikd as an unprivileged user with exactly CAP_NET_ADMIN, CAP_NET_RAW and
 * CAP_NET_BIND_SERVICE (as conf/ikd.service runs it), and the control socket's refusal of other users.
 */
package org.ikd.it.privilege;
