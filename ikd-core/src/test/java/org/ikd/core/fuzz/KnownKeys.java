package org.ikd.core.fuzz;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.ikd.core.crypto.BlockCipher;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.oakley.IvChain;
import org.ikd.core.policy.MainModeMethod;

/**
 * An eavesdropper who knows an ISAKMP SA's phase-1 encryption key: it follows the CBC IV chains
 * (RFC 2409 App. B) from the KE payloads of Main Mode 3 and 4 and every encrypted message it is
 * shown, so it can read what the engines send and encrypt whatever a fuzz target wants to send them.
 * Deliberately written apart from {@link MessageProtection}, so it cannot share that class's mistakes.
 */
final class KnownKeys {
    private final BlockCipher cipher;
    private final MessageProtection keys;
    private final IvChain ivs;
    private final CookiePair cookies;

    /** {@code mm3} and {@code mm4} are the cleartext Main Mode messages 3 and 4 as sent. */
    KnownKeys(MainModeMethod method, MessageProtection keys, CookiePair cookies, Bytes mm3, Bytes mm4) {
        this.cipher = BlockCipher.of(method.cipher(), method.keyBits());
        this.keys = keys;
        this.cookies = cookies;
        this.ivs = IvChain.start(method.hash(), cipher.blockSize(), keData(mm3), keData(mm4));
    }

    MessageProtection keys() {
        return keys;
    }

    CookiePair cookies() {
        return cookies;
    }

    /** Decrypts an encrypted datagram the eavesdropper saw and moves its chain on; returns the plaintext with its padding. */
    byte[] open(Bytes datagram) {
        int messageId = ByteBuffer.wrap(datagram.toArray()).getInt(20);
        Bytes body = datagram.slice(IsakmpHeader.LENGTH, datagram.length());
        byte[] plain = cipher.decrypt(keys.keys().encryptionKey(), ivs.ivFor(messageId).toArray(), body.toArray());
        ivs.advance(messageId, body);
        return plain;
    }

    /**
     * The datagram a peer would send: header (E flag) over {@code chain} padded with zeros to whole
     * blocks, encrypted under the chain of {@code messageId}, which moves on.
     */
    Bytes seal(int exchangeType, int messageId, int firstPayload, byte[] chain, boolean padLengthByte) {
        byte[] padded = pad(chain, padLengthByte);
        byte[] ct = cipher.encrypt(keys.keys().encryptionKey(), ivs.ivFor(messageId).toArray(), padded);
        ivs.advance(messageId, Bytes.of(ct));
        ByteBuffer out = ByteBuffer.allocate(IsakmpHeader.LENGTH + ct.length);
        out.putLong(cookies.initiator()).putLong(cookies.responder());
        out.put((byte) firstPayload).put((byte) 0x10).put((byte) exchangeType).put((byte) IsakmpHeader.ENCRYPTION);
        out.putInt(messageId).putInt(IsakmpHeader.LENGTH + ct.length).put(ct);
        return Bytes.of(out.array());
    }

    /** RFC 2408 §3.1 padding: zeros (strongSwan), or zeros and a pad-length byte last (Windows). */
    private byte[] pad(byte[] chain, boolean padLengthByte) {
        int bs = cipher.blockSize();
        int pad = bs - chain.length % bs;
        byte[] out = Arrays.copyOf(chain, chain.length + pad);
        if (padLengthByte) out[out.length - 1] = (byte) (pad - 1);
        return out;
    }

    private static Bytes keData(Bytes message) {
        return IsakmpMessage.decode(ByteBuffer.wrap(message.toArray())).first(KeyExchangePayload.class)
                .orElseThrow(() -> new IllegalArgumentException("no KE payload")).keyData();
    }
}
