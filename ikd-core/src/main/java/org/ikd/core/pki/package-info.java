/**
 * X.509 for Main Mode signatures (RFC 2409 §5.1, RFC 5280): our credential, the trust anchors and
 * CRLs the policy names, parsed from bytes (the daemon reads the files), and path validation at a
 * given instant. Sans-I/O. May import {@code crypto} and BouncyCastle's PKIX parsers.
 */
package org.ikd.core.pki;
