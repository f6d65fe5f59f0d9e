/**
 * Integration tests of what an admin does with a running ikd: reload, dynamic rules, every
 * {@code ikdctl show} and its JSON, {@code diag}, Wireshark keys and the Oakley log (issue 6).
 * Two real daemons in namespaces {@code ikd-ad-*}; reuses org.ikd.it.lab and org.ikd.it.daemon.
 */
package org.ikd.it.admin;
