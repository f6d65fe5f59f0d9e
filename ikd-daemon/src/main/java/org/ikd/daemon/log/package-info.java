/**
 * Logging for admins: the Oakley log facade (logger OAKLEY, secrets redacted), the audit events
 * 541–547 (logger ikd.events, key=value) and logback helpers for the journal.
 * Imports slf4j, logback, core.crypto (Secret) and core.ike (IkeEvent's enums).
 */
package org.ikd.daemon.log;
