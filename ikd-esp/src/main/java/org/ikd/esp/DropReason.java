package org.ikd.esp;

/** Why a packet was dropped; each maps to at most one Windows IPSEC_STATISTICS counter. */
public enum DropReason {
    /** Not a well-formed IP/ESP/AH packet, or truncated. */
    MALFORMED(null),
    /** The pump put the packet too close to the start of its array (see {@link PacketBuffer#HEADROOM}). */
    NO_HEADROOM(null),
    /** The protected packet would exceed 65535 bytes. */
    TOO_BIG(null),
    /** An outer fragment reached the data plane (raw sockets deliver reassembled datagrams). */
    FRAGMENT(null),
    /** A packet shape this data plane does not handle (e.g. IPv6 extension headers in transport mode). */
    UNSUPPORTED(null),
    /** The SPD's block action. */
    BLOCKED_BY_POLICY(null),
    /** Inbound: neither ESP nor AH (e.g. the non-ESP marker of IKE on port 4500). */
    NOT_IPSEC(null),
    /** RFC 3948 §2.3 NAT-keepalive: expected, not an error. */
    NAT_KEEPALIVE(null),
    BAD_SPI(IpsecStatistic.BAD_SPI_PACKETS),
    REPLAY(IpsecStatistic.PACKETS_WITH_REPLAY_DETECTION),
    AUTHENTICATION_FAILED(IpsecStatistic.PACKETS_NOT_AUTHENTICATED),
    /** Bad ciphertext length or padding (RFC 4303 §2.4). */
    DECRYPTION_FAILED(IpsecStatistic.PACKETS_NOT_DECRYPTED),
    /** The inner packet is not admitted by its SA's selector (RFC 4301 §5.2 step 4). */
    SELECTOR_MISMATCH(null),
    /** The SAs a packet used are not the installed bundle (e.g. ESP without the AH it was negotiated with). */
    BUNDLE_MISMATCH(null),
    /** The outbound sequence number space is used up (RFC 4303 §3.3.3); a rekey was requested. */
    SEQUENCE_EXHAUSTED(null),
    /** The SA reached its hard lifetime or was removed while the packet was in flight. */
    SA_EXPIRED(null),
    /** RFC 4303 §2.6: Next Header 59, a dummy packet. */
    DUMMY_PACKET(null),
    /**
     * Outbound: the protected packet would exceed the path MTU and may not be fragmented (IPv4 DF,
     * or IPv6); an ICMP "fragmentation needed" / "packet too big" went back to the sender (RFC 4301 §8.2).
     */
    PATH_MTU_EXCEEDED(null),
    /**
     * As {@link #PATH_MTU_EXCEEDED}, but no ICMP error went back: the rate limit was reached
     * (RFC 1812 §4.3.2.8, RFC 4443 §2.4(f)), or the packet is one no error may answer (RFC 1122 §3.2.2).
     */
    PATH_MTU_EXCEEDED_UNANSWERED(null);

    private final IpsecStatistic statistic;

    DropReason(IpsecStatistic statistic) {
        this.statistic = statistic;
    }

    /** The Windows counter this drop also increments, or null. */
    public IpsecStatistic statistic() {
        return statistic;
    }
}
