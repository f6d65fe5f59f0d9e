/**
 * ESP and AH transforms (RFC 4303, 4106, 3602, 2451, 2410, 2104/2404/4868, 4302) applied in
 * place to caller-owned arrays. One instance per SA per pump: not thread-safe, allocation-free
 * per packet (GCM too: {@link org.ikd.esp.transform.GcmEsp} builds it around the AES block
 * function and GHASH). Imports org.ikd.core.crypto and .packet.
 */
package org.ikd.esp.transform;
