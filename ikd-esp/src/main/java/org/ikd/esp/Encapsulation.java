package org.ikd.esp;

/** How a packet in a {@link PacketBuffer} is framed. */
public enum Encapsulation {
    /** A whole IP packet: from/to TUN, or ESP/AH (protocol 50/51) through a raw IP socket. */
    IP,
    /** The ESP bytes of an RFC 3948 ESP-in-UDP datagram, through the UDP/4500 socket. */
    UDP
}
