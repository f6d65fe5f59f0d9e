package org.ikd.core.ike;

import java.nio.ByteBuffer;
import org.ikd.core.crypto.BlockCipher;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Prf;
import org.ikd.core.isakmp.EncryptedMessage;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.oakley.IvChain;
import org.ikd.core.oakley.Phase1Keys;
import org.ikd.core.oakley.Phase2Hash;

/**
 * The keys of an established (or keyed) ISAKMP SA and what they protect (RFC 2409 §5, App. B):
 * encryption of every message after Main Mode 4 with CBC IVs chained per message ID, SKEYID_d for
 * Quick Mode KEYMAT and SKEYID_a for the phase-2 hashes. Confined to the IKE event loop.
 *
 * <ol>
 * <li>Seal: the payloads and 1..blocksize zero bytes of padding (strongSwan's way, no pad-length
 *     byte; RFC 2408 §3.1 lets the receiver ignore padding), encrypted under the chain's IV; the chain moves to the last block.
 * <li>Open: decrypt under the chain's IV and decode; the chain moves only when the caller
 *     {@link #accept}s the message, so a forged message cannot desynchronise it.
 * </ol>
 */
public final class MessageProtection {
    /** A decrypted message and the ciphertext that moves the IV chain once it is accepted. */
    public record Opened(IsakmpMessage message, Bytes ciphertext) {}

    private final Prf prf;
    private final BlockCipher cipher;
    private final Phase1Keys keys;
    private final IvChain ivs;
    private final Phase2Hash phase2Hash;

    public MessageProtection(Prf prf, BlockCipher cipher, Phase1Keys keys, IvChain ivs) {
        this.prf = prf;
        this.cipher = cipher;
        this.keys = keys;
        this.ivs = ivs;
        this.phase2Hash = new Phase2Hash(prf, keys.skeyidA());
    }

    public Prf prf() { return prf; }
    public Phase1Keys keys() { return keys; }
    public Phase2Hash phase2Hash() { return phase2Hash; }

    /** The datagram of {@code plain} (its header must carry the E flag), encrypted. */
    public Bytes seal(IsakmpMessage plain) {
        Bytes payloads = plain.encodePayloads();
        int bs = cipher.blockSize();
        int pad = bs - payloads.length() % bs;              // 1..bs zero bytes, as strongSwan sends them
        byte[] padded = Bytes.concat(payloads, Bytes.of(new byte[pad])).toArray();
        int messageId = plain.header().messageId();
        byte[] ct = cipher.encrypt(keys.encryptionKey(), ivs.ivFor(messageId).toArray(), padded);
        Bytes ciphertext = Bytes.of(ct);
        ivs.advance(messageId, ciphertext);
        return EncryptedMessage.of(plain, ciphertext).encode();
    }

    /** Decrypts and decodes {@code datagram}; throws {@link MalformedMessageException} on garbage. */
    public Opened open(Bytes datagram) {
        EncryptedMessage e = EncryptedMessage.decode(ByteBuffer.wrap(datagram.toArray()));
        Bytes body = e.body();
        if (!cipher.isWholeBlocks(body.length()))
            throw new MalformedMessageException(NotifyType.PAYLOAD_MALFORMED, "found " + body.length()
                    + " encrypted bytes, expected whole " + cipher.blockSize() + "-byte blocks");
        byte[] pt = cipher.decrypt(keys.encryptionKey(), ivs.ivFor(e.header().messageId()).toArray(), body.toArray());
        return new Opened(e.withPlaintext(ByteBuffer.wrap(pt)), body);
    }

    /** The opened message was accepted: its chain moves on. */
    public void accept(Opened opened) {
        ivs.advance(opened.message().header().messageId(), opened.ciphertext());
    }

    /** A phase-2 exchange ended: drop its IV chain. */
    public void forget(int messageId) {
        ivs.forget(messageId);
    }

    public void destroy() {
        keys.destroy();
    }

    @Override
    public String toString() {
        return "protection " + cipher + " " + prf.hash().keyword();
    }
}
