/**
 * ISAKMP and IPsec DOI registry numbers (RFC 2408, 2407, 2409 App. A, 3947, 3706) as open types:
 * {@code valueOf(int)} keeps numbers it does not know. Algorithm values (cipher, hash, group) are
 * the crypto enums' business. Imports only java.*.
 */
package org.ikd.core.isakmp.doi;
