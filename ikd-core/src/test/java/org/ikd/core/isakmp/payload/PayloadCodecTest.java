package org.ikd.core.isakmp.payload;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.junit.jupiter.api.Test;

/** The chain of generic payload headers (RFC 2408 §3.2): one test per rule. */
class PayloadCodecTest {
    /** VID (next HASH), HASH (next NONE), from RFC 2408 §3.2/§3.11/§3.16. */
    private static final String VID_HASH = "08 00 0008 01020304" + "00 00 0008 a1a2a3a4";

    private static List<Payload> decode(PayloadType first, String hex) {
        return PayloadCodec.decodeChain(first, buffer(hex(hex)), 0);
    }

    @Test
    void decodesAChainAndEncodesItBack() {
        List<Payload> chain = decode(PayloadType.VID, VID_HASH);
        assertEquals(List.of(PayloadType.VID, PayloadType.HASH), chain.stream().map(Payload::type).toList());
        ByteBuffer out = ByteBuffer.allocate(PayloadCodec.lengthOf(chain));
        PayloadCodec.encodeChain(chain, out);
        assertEquals(hex(VID_HASH), org.ikd.core.crypto.Bytes.of(out.array()));
    }

    @Test
    void decodesAnEmptyChain() {
        assertEquals(List.of(), decode(PayloadType.NONE, ""));
    }

    @Test
    void rejectsPayloadLengthBelowTheGenericHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "length 3", () -> decode(PayloadType.VID, "00 00 0003 01"));
    }

    @Test
    void rejectsPayloadLengthBeyondTheData() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "length 9, expected 4..8", () -> decode(PayloadType.VID, "00 00 0009 01020304"));
    }

    @Test
    void rejectsNonZeroReservedInTheGenericHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "RESERVED", () -> decode(PayloadType.VID, "00 01 0008 01020304"));
    }

    @Test
    void rejectsATruncatedGenericHeader() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "length", () -> decode(PayloadType.VID, "00 00 00"));
    }

    @Test
    void rejectsAChainThatPromisesAnotherPayloadAfterTheData() {
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "HASH payload (#2)", () -> decode(PayloadType.VID, "08 00 0008 01020304"));
    }

    @Test
    void rejectsBytesAfterTheLastPayload() {
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "found 1 bytes after the last payload",
                () -> decode(PayloadType.VID, VID_HASH + "00"));
    }

    @Test
    void rejectsProposalOutsideAnSa() {
        assertRejected(NotifyType.INVALID_PAYLOAD_TYPE, "PROPOSAL", () -> decode(PayloadType.PROPOSAL, "00 00 0008 01010001"));
        assertRejected(NotifyType.INVALID_PAYLOAD_TYPE, "TRANSFORM", () -> decode(PayloadType.VID, "03 00 0008 01020304"));
    }

    @Test
    void toleratesBoundedTrailingBytesWithoutParsingThem() {
        // the trailing bytes form a valid VID payload header, yet the chain ended: they must be skipped
        ByteBuffer in = buffer(hex(VID_HASH + "0d00000801020304"));
        List<Payload> chain = PayloadCodec.decodeChain(PayloadType.VID, in, 8);
        assertEquals(2, chain.size());
        assertFalse(in.hasRemaining());
        assertRejected(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, "at most 7",
                () -> PayloadCodec.decodeChain(PayloadType.VID, buffer(hex(VID_HASH + "0d00000801020304")), 7));
    }

    @Test
    void keepsUnknownPayloadsAndContinuesTheChain() {
        // type 200 (private use, RFC 2408 §3.1) between two known payloads
        List<Payload> chain = decode(PayloadType.VID, "c8 00 0008 01020304" + "08 00 0006 ffee" + "00 00 0008 a1a2a3a4");
        assertEquals(new UnknownPayload(PayloadType.valueOf(200), hex("ffee")), chain.get(1));
        assertEquals(PayloadType.HASH, chain.get(2).type());
    }

    @Test
    void rejectsBytesLeftInsideAPayloadByItsDecoder() {
        // D with one 4-byte SPI whose payload length leaves 2 more bytes
        assertRejected(NotifyType.PAYLOAD_MALFORMED, "1 x 4", () -> decode(PayloadType.D, "00 00 0012 00000001 03 04 0001 00000101 ffff"));
    }
}
