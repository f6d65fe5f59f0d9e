/**
 * ESP and AH transforms (RFC 4303, 4106, 3602, 2451, 2410, 2104/2404/4868, 4302) applied in
 * place to caller-owned arrays. One instance per SA per pump: not thread-safe, allocation-free
 * except where the JCA itself allocates (GCM init). Imports org.ikd.core.crypto and .packet.
 */
package org.ikd.esp.transform;
