/**
 * The GSS-API seen from the protocol: a security context that turns tokens into tokens
 * ({@link GssContext}) and the credentials that start one ({@link GssCredentials}). Sans-I/O
 * interfaces only; the Kerberos mechanism behind them (JGSS) lives in the daemon. Imports
 * {@code crypto} only.
 */
package org.ikd.core.gss;
