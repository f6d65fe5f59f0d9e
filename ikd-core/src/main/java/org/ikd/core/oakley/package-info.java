/**
 * RFC 2409 key math: SKEYID and its derivatives, HASH_I/HASH_R, Quick Mode and Informational
 * hashes, KEYMAT and the CBC IV chains. Pure functions over bytes: no I/O, no clock, no
 * threads. Imports only {@code org.ikd.core.crypto}.
 */
package org.ikd.core.oakley;
