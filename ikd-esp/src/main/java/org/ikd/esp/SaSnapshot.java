package org.ikd.esp;

import org.ikd.core.sa.Direction;
import org.ikd.core.sa.Spi;

/**
 * One SA for {@code ikdctl show}: what it is, what it carried, what is left. No keys.
 *
 * @param description  e.g. "esp aes128-sha1 tunnel inbound 198.18.0.2 -> 198.18.0.1 spi c1a2b3c4"
 * @param sequence     last sequence number sent (outbound) or highest received (inbound)
 * @param remainingBytes, remainingSeconds  before the hard lifetime; Long.MAX_VALUE when unlimited
 */
public record SaSnapshot(long pairId, String ruleName, Spi spi, Direction direction, String description,
                         long packets, long bytes, long replayDrops, long authenticationFailures,
                         long decryptionFailures, long sequence, long remainingBytes, long remainingSeconds,
                         long ageSeconds, boolean softLifetimeReached) {}
