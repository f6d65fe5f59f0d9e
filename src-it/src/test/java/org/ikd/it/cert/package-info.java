/**
 * Main Mode with certificates end to end (RFC 2409 §5.1, RFC 4754): ikd↔strongSwan in both roles
 * with RSA and ECDSA keys, ikd↔ikd, and refusals (revoked, expired) with their reasons. Every CA,
 * certificate and CRL is made by the test with BouncyCastle. Namespaces: {@code ikd-ce-*}.
 */
package org.ikd.it.cert;
