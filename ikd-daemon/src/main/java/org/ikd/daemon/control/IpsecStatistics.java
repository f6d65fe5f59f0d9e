package org.ikd.daemon.control;

/**
 * Data-plane counters under the names of the Windows {@code IPSEC_STATISTICS} structure
 * (winipsec.h), in its order, without the {@code dw}/{@code u} prefixes. "Confidential" bytes
 * went through ESP encryption, "authenticated" bytes through AH or ESP integrity; ikd never
 * offloads, so the offload counters stay 0 (kept so the table matches Windows').
 */
public record IpsecStatistics(
        long numActiveAssociations,
        long numOffloadedSas,
        long numPendingKeyOps,
        long numKeyAdditions,
        long numKeyDeletions,
        long numReKeys,
        long numActiveTunnels,
        long numBadSpiPackets,
        long numPacketsNotDecrypted,
        long numPacketsNotAuthenticated,
        long numPacketsWithReplayDetection,
        long confidentialBytesSent,
        long confidentialBytesReceived,
        long authenticatedBytesSent,
        long authenticatedBytesReceived,
        long transportBytesSent,
        long transportBytesReceived,
        long bytesSentInTunnels,
        long bytesReceivedInTunnels,
        long offloadedBytesSent,
        long offloadedBytesReceived) {
}
