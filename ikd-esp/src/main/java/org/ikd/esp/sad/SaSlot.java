package org.ikd.esp.sad;

import org.ikd.esp.transform.AhTransform;
import org.ikd.esp.transform.EspTransform;

/**
 * What one pump keeps for one SA: its own transform (JCA Cipher/digest objects are not
 * thread-safe) and its own counters (plain longs written only by that pump; readers sum the
 * slots and may see slightly stale values, never torn ones on a 64-bit JVM).
 */
public final class SaSlot {
    private final EspTransform esp;
    private final AhTransform ah;
    long packets;
    long bytes;
    long replayDrops;
    long authenticationFailures;
    long decryptionFailures;

    SaSlot(EspTransform esp, AhTransform ah) {
        this.esp = esp;
        this.ah = ah;
    }

    public EspTransform esp() { return esp; }
    public AhTransform ah() { return ah; }

    public void countPacket(int payloadBytes) {
        packets++;
        bytes += payloadBytes;
    }

    public void countReplay() { replayDrops++; }
    public void countAuthenticationFailure() { authenticationFailures++; }
    public void countDecryptionFailure() { decryptionFailures++; }
}
