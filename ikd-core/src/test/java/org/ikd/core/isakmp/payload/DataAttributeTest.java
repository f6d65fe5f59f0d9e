package org.ikd.core.isakmp.payload;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.OakleyAttributeType;
import org.junit.jupiter.api.Test;

/** RFC 2408 §3.3 data attributes: AF bit, TV and TLV. */
class DataAttributeTest {

    private static String encode(DataAttribute a) {
        ByteBuffer out = ByteBuffer.allocate(a.encodedLength());
        a.encodeTo(out);
        return HexFormat.of().formatHex(out.array());
    }

    @Test
    void encodesNumbersTheWayStrongSwanDoes() {
        // strongSwan 5.9.8 QM1 (capture mm-3des-sha1-modp1024): SA Life Duration 4500 s as TV 8002 1194
        assertEquals("80021194", encode(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, 4500)));
        // RFC 2408 §3.3: AF = 0, type, length, value
        assertEquals("000c000400015180", encode(DataAttribute.number(OakleyAttributeType.LIFE_DURATION, 86400)));
        assertEquals("000200080000000100000000",
                encode(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, 1L << 32)));
    }

    @Test
    void encodesRegistryValuesAsBasicAttributes() {
        assertEquals("800b0001", encode(DataAttribute.tv(OakleyAttributeType.LIFE_TYPE, LifeType.SECONDS)));
    }

    @Test
    void readsBigEndianValuesOfOneToEightBytes() {
        assertEquals(0xff, DataAttribute.tlv(2, hex("ff")).longValue());
        assertEquals(0x0102030405060708L, DataAttribute.tlv(2, hex("0102030405060708")).longValue());
        assertEquals(0xffff, DataAttribute.tv(2, 0xffff).intValue());
    }

    @Test
    void refusesToReadAValueThatIsNotANumber() {
        assertRejected(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "9-byte", () -> DataAttribute.tlv(6, hex("00".repeat(9))).longValue());
        assertRejected(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "0-byte", () -> DataAttribute.tlv(6, hex("")).longValue());
        assertRejected(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "expected at most",
                () -> DataAttribute.tlv(2, hex("0100000000")).intValue());
    }

    @Test
    void keepsTheRawBytesOfAPaddedValue() {
        DataAttribute padded = DataAttribute.tlv(2, hex("0000000000000e10"));
        assertEquals(3600, padded.longValue());
        assertEquals("000200080000000000000e10", encode(padded));
    }
}
