/**
 * The Security Policy Database (RFC 4301 §4.4.1): ordered rules of selectors with an action,
 * compiled into an immutable snapshot that the data plane swaps atomically; first match wins.
 * Imports org.ikd.core.policy and org.ikd.esp.packet.
 */
package org.ikd.esp.spd;
