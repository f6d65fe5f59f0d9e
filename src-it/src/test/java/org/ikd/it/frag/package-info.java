/**
 * IKEv1 fragmentation ITs: ikd and strongSwan with big RSA certificates across a 1280-byte MTU
 * where nftables drops every IP fragment, namespaces ikd-fr-*. Uses org.ikd.it.lab; imports no daemon code.
 */
package org.ikd.it.frag;
