/**
 * Flyweight views of IPv4, IPv6, UDP, ESP and AH headers over caller-owned byte arrays, the
 * Internet checksum (RFC 1071/1624) and the 5-tuple of a packet. No allocation after wrap.
 * Imports nothing of ikd.
 */
package org.ikd.esp.packet;
