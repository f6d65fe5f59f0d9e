/**
 * Encapsulation of one SA on a packet in place: transport mode (RFC 4303 §3.1.1, RFC 4302
 * §3.1.1), tunnel mode (RFC 4301 §5.1.2, ECN per RFC 6040) and UDP encapsulation (RFC 3948,
 * including the transport-mode checksum fix with NAT-OA). Imports .packet, .transform, .sad.
 */
package org.ikd.esp.mode;
