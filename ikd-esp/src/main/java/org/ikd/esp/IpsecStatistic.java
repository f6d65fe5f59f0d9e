package org.ikd.esp;

/** The counters of Windows' IPSEC_STATISTICS, with the names {@code netsh ipsec show} prints. */
public enum IpsecStatistic {
    ACTIVE_SAS("Active Security Associations"),
    KEY_ADDITIONS("Key Additions"),
    KEY_DELETIONS("Key Deletions"),
    REKEYS("Rekeys"),
    ACTIVE_TUNNELS("Active Tunnels"),
    BAD_SPI_PACKETS("Bad SPI Packets"),
    PACKETS_NOT_DECRYPTED("Packets Not Decrypted"),
    PACKETS_NOT_AUTHENTICATED("Packets Not Authenticated"),
    PACKETS_WITH_REPLAY_DETECTION("Packets With Replay Detection"),
    CONFIDENTIAL_BYTES_SENT("Confidential Bytes Sent"),
    CONFIDENTIAL_BYTES_RECEIVED("Confidential Bytes Received"),
    AUTHENTICATED_BYTES_SENT("Authenticated Bytes Sent"),
    AUTHENTICATED_BYTES_RECEIVED("Authenticated Bytes Received"),
    TRANSPORT_BYTES_SENT("Transport Bytes Sent"),
    TRANSPORT_BYTES_RECEIVED("Transport Bytes Received"),
    TUNNEL_BYTES_SENT("Bytes Sent In Tunnels"),
    TUNNEL_BYTES_RECEIVED("Bytes Received In Tunnels");

    private final String displayName;

    IpsecStatistic(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }
}
