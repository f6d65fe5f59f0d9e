/**
 * Kerberos in Main Mode (draft-ietf-ipsec-isakmp-gss-auth-07) against a real KDC: MIT krb5kdc with
 * a realm the test creates in a temp dir, in a namespace of its own; two ikd daemons with host
 * principals and keytabs; the failures by name. Namespaces: {@code k5-*}.
 */
package org.ikd.it.kerberos;
