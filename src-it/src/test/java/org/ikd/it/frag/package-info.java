/**
 * Fragmentation ITs. IKEv1 fragmentation: ikd and strongSwan with big RSA certificates across a 1280-byte
 * MTU where nftables drops every IP fragment, namespaces ikd-fr-*. IP fragmentation of IKE: a real ikd
 * answers a Main Mode 1 that arrives in IP fragments, namespaces ikf-*. Uses org.ikd.it.lab; imports no daemon code.
 */
package org.ikd.it.frag;
