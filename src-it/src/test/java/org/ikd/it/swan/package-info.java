/**
 * ikd ({@code ikd run}) against strongSwan's charon with kernel-libipsec: the Main Mode × ESP proposal
 * matrix in both roles, ESP in UDP 4500, with pings and a TCP transfer through the tunnel. See docs/interop.md.
 */
package org.ikd.it.swan;
