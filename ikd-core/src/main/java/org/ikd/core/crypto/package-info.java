/**
 * Every cryptographic primitive, chosen by its IANA / RFC 2409 number: Bytes and Secret,
 * PRFs, phase-1 ciphers, Diffie-Hellman groups, ESP ciphers and integrity algorithms.
 * {@link org.ikd.core.crypto.Jca} is the only class that names JCA algorithms. Imports nothing of ikd.
 */
package org.ikd.core.crypto;
