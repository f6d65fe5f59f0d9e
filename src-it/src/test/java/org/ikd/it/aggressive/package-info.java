/**
 * Aggressive Mode (RFC 2409 §5.4, issue 18 item 3) through real daemons: ikd against ikd and against
 * strongSwan's charon in both roles with traffic, and ike-scan's aggressive probe answered only by a
 * rule that opted in. Namespaces {@code ag-*}.
 */
package org.ikd.it.aggressive;
