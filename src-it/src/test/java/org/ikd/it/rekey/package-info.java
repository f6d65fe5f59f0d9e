/**
 * Quick Mode rekeying under a ping every 10 ms and a TCP stream, ikd against ikd and against
 * strongSwan: the loss per rekey. May import the lab helpers and {@code org.ikd.it.daemon}.
 */
package org.ikd.it.rekey;
