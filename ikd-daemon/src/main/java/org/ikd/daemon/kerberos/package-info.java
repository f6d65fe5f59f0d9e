/**
 * Kerberos for Main Mode (draft-ietf-ipsec-isakmp-gss-auth-07): the JDK's GSS-API (JGSS) and its
 * Krb5LoginModule behind core's {@code gss} interfaces. Tickets come from the KDC on this package's
 * own thread, never on the IKE event loop. Imports org.ikd.core.gss and crypto, javax.security, org.ietf.jgss.
 */
package org.ikd.daemon.kerberos;
