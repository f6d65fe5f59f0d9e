package org.ikd.esp;

/**
 * @param pumpSlots           how many {@link PacketBuffer}s (pumps) may exist: each SA keeps one
 *                            transform slot per pump
 * @param eventQueueCapacity  bound of the rekey/expiry event queue
 * @param tunnelTtl           TTL / hop limit of outer tunnel headers
 */
public record DataPlaneConfig(int pumpSlots, int eventQueueCapacity, int tunnelTtl) {
    public DataPlaneConfig {
        if (pumpSlots < 1 || pumpSlots > 1024) throw new IllegalArgumentException("pump slots " + pumpSlots + " (expected: 1..1024)");
        if (eventQueueCapacity < 1) throw new IllegalArgumentException("event queue capacity " + eventQueueCapacity);
        if (tunnelTtl < 1 || tunnelTtl > 255) throw new IllegalArgumentException("tunnel TTL " + tunnelTtl + " (expected: 1..255)");
    }

    public static DataPlaneConfig defaults() {
        return new DataPlaneConfig(16, 1024, 64);
    }
}
