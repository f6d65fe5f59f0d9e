package org.ikd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.ikd.core.isakmp.EncryptedMessage;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.PayloadCodec;

/**
 * Fuzz target 1 (issue 9): the ISAKMP decoder. Whatever the bytes, only
 * {@link MalformedMessageException} may leave the decoders, and what decodes re-encodes without an
 * exception to exactly the bytes it came from (STYLE.md "round trips are exact").
 * Seeds: {@code IsakmpDecoderFuzzTestInputs/} (strongSwan captures and ikd's own messages).
 */
class IsakmpDecoderFuzzTest {

    /** A whole datagram, decoded as {@link IsakmpMessage} or {@link EncryptedMessage} by its E flag. */
    @FuzzTest
    void datagrams(byte[] datagram) {
        try {
            IsakmpHeader header = IsakmpHeader.decode(ByteBuffer.wrap(datagram));
            if (header.isEncrypted()) {
                assertArrayEquals(datagram, EncryptedMessage.decode(ByteBuffer.wrap(datagram)).encode().toArray());
                return;
            }
            IsakmpMessage message = IsakmpMessage.decode(ByteBuffer.wrap(datagram));
            assertArrayEquals(datagram, message.encode().toArray());
            for (ExchangeStep step : ExchangeStep.values()) checkRules(step, message);
        } catch (MalformedMessageException rejected) {
            // the one allowed outcome besides a decode
        }
    }

    /**
     * A decrypted body: the first byte names the first payload (the ISAKMP header's next payload),
     * the rest is the payload chain and its padding. The chain re-encodes to the bytes before the padding.
     */
    @FuzzTest
    void decryptedPayloads(byte[] input) {
        if (input.length == 0) return;
        PayloadType first = PayloadType.valueOf(input[0] & 0xff);
        try {
            List<Payload> payloads = IsakmpMessage.decodePayloads(first, ByteBuffer.wrap(input, 1, input.length - 1));
            ByteBuffer out = ByteBuffer.allocate(PayloadCodec.lengthOf(payloads));
            PayloadCodec.encodeChain(payloads, out);
            assertArrayEquals(Arrays.copyOfRange(input, 1, 1 + out.capacity()), out.array());
        } catch (MalformedMessageException rejected) {
            // the one allowed outcome besides a decode
        }
    }

    private static void checkRules(ExchangeStep step, IsakmpMessage message) {
        try {
            MessageRules.check(step, message);
        } catch (MalformedMessageException doesNotFit) {
            // most steps do not fit a given message
        }
    }
}
