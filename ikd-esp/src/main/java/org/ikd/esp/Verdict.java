package org.ikd.esp;

/** What a pump does with a packet after {@link DataPlane#outbound} or {@link DataPlane#inbound}. */
public enum Verdict {
    /** Send the protected packet: see {@link PacketBuffer#encapsulation()} for how. */
    TRANSMIT,
    /**
     * Write the packet to the TUN device: inbound, the decapsulated inner packet; outbound, an ICMP
     * error back to the sender of a packet too big for the path (its drop is already counted).
     */
    DELIVER,
    /** The SPD permits this packet in the clear: send it unchanged. */
    PASS_CLEAR,
    /** Drop it; {@link PacketBuffer#dropReason()} says why (already counted). */
    DROP,
    /** No SA yet: ask IKE to negotiate for {@link PacketBuffer#acquireRule()} (the packet may be queued). */
    ACQUIRE
}
