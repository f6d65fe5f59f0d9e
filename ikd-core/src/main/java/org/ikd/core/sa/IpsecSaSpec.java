package org.ikd.core.sa;

import java.net.InetAddress;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Selector;

/**
 * One negotiated IPsec SA, one direction, as the IKE engine hands it to the data plane.
 *
 * <ul>
 * <li>{@code cipher} is null for AH; {@code integrity} is null for AES-GCM (combined mode).
 * <li>{@code encryptionKey} is the cipher key followed by its salt for AES-GCM (KEYMAT order,
 *     RFC 4106 §8.1); null for AH and ESP-NULL. {@code integrityKey} is null when {@code integrity} is.
 * <li>{@code source}/{@code destination} are the outer addresses (this SA's packets go from
 *     source to destination); in tunnel mode they are the tunnel endpoints.
 * <li>{@code selector} is the inner traffic this SA may carry, oriented in this SA's direction.
 * <li>{@code natTraversal} is null unless ESP is UDP-encapsulated (RFC 3948).
 * </ul>
 */
public record IpsecSaSpec(
        Spi spi,
        IpsecProtocol protocol,
        Direction direction,
        Mode mode,
        EspCipher cipher,
        int cipherKeyBits,
        IntegrityAlgorithm integrity,
        Secret encryptionKey,
        Secret integrityKey,
        InetAddress source,
        InetAddress destination,
        Selector selector,
        SaLifetime lifetime,
        NatTraversal natTraversal,
        boolean extendedSequenceNumbers,
        int replayWindow) {

    public IpsecSaSpec {
        if (protocol == IpsecProtocol.AH && (cipher != null || integrity == null))
            throw new IllegalArgumentException("AH needs an integrity algorithm and no cipher");
        if (protocol == IpsecProtocol.ESP && cipher == null)
            throw new IllegalArgumentException("ESP needs a cipher (NULL for integrity only)");
        if (cipher != null && cipher.isAead() && integrity != null)
            throw new IllegalArgumentException(cipher + " is a combined mode: no separate integrity algorithm");
        if (cipher == EspCipher.NULL && integrity == null)
            throw new IllegalArgumentException("ESP NULL without integrity protects nothing (RFC 4303 §3.2)");
        if (protocol == IpsecProtocol.AH && natTraversal != null)
            throw new IllegalArgumentException("AH cannot be UDP-encapsulated (RFC 3948 covers ESP only)");
        if (replayWindow < 0 || replayWindow > 65536)
            throw new IllegalArgumentException("replay window " + replayWindow + " (expected: 0 (off) .. 65536)");
    }

    /** Zeroes the keys; call when the SA is removed. */
    public void destroyKeys() {
        if (encryptionKey != null) encryptionKey.destroy();
        if (integrityKey != null) integrityKey.destroy();
    }

    /** e.g. {@code esp aes128gcm16 tunnel 198.18.0.1 -> 198.18.0.2 spi c1a2b3c4}; never shows keys. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(protocol.keyword()).append(' ');
        if (cipher != null) b.append(cipher.keyword(cipherKeyBits));
        if (cipher != null && integrity != null) b.append('-');
        if (integrity != null) b.append(integrity.keyword());
        b.append(' ').append(mode.name().toLowerCase());
        if (natTraversal != null) b.append("/udp");
        return b.append(' ').append(direction.name().toLowerCase()).append(' ')
                .append(AddressText.of(source)).append(" -> ").append(AddressText.of(destination))
                .append(" spi ").append(spi).toString();
    }
}
