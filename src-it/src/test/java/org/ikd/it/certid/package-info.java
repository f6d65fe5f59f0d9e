/**
 * local-id and peer-id with certificate authentication (RFC 4945 §3.1), real ikd daemons
 * ({@link org.ikd.it.lab.IkdNode}) in namespaces ikd-di-*, and strongSwan with FQDN IDs.
 * May import the lab helpers, {@code org.ikd.it.nat}'s traffic checks and the core test-jar's TestCa.
 */
package org.ikd.it.certid;
