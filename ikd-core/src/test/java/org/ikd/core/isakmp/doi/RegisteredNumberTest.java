package org.ikd.core.isakmp.doi;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** Registry numbers from RFC 2408 §3.1/§3.14.1, RFC 2407 §4.4-4.6, RFC 2409 App. A, RFC 3947, RFC 3706. */
class RegisteredNumberTest {

    @Test
    void returnsTheKnownConstantForARegisteredNumber() {
        assertSame(ExchangeType.MAIN_MODE, ExchangeType.valueOf(2));            // RFC 2408 §3.1: Identity Protection
        assertSame(ExchangeType.QUICK_MODE, ExchangeType.valueOf(32));          // RFC 2409 §5.5
        assertSame(PayloadType.NAT_D, PayloadType.valueOf(20));                 // RFC 3947 §3.2
        assertSame(PayloadType.NAT_OA_DRAFT, PayloadType.valueOf(131));         // draft-ietf-ipsec-nat-t-ike-02
        assertSame(PayloadType.FRAGMENT, PayloadType.valueOf(132));
        assertSame(NotifyType.UNEQUAL_PAYLOAD_LENGTHS, NotifyType.valueOf(30)); // RFC 2408 §3.14.1
        assertSame(NotifyType.INITIAL_CONTACT, NotifyType.valueOf(24578));      // RFC 2407 §4.6.3
        assertSame(NotifyType.R_U_THERE_ACK, NotifyType.valueOf(36137));        // RFC 3706 §5.1
        assertSame(IdType.DER_ASN1_GN, IdType.valueOf(10));                     // RFC 2407 §4.6.2.1
        assertSame(ProtocolId.IPCOMP, ProtocolId.valueOf(4));                   // RFC 2407 §4.4.1
        assertSame(AuthMethod.ECDSA_SHA384_P384, AuthMethod.valueOf(10));       // RFC 4754 §5
        assertSame(EncapsulationMode.UDP_ENCAPSULATED_TRANSPORT_DRAFT, EncapsulationMode.valueOf(61444));
        assertSame(CertEncoding.X509_SIGNATURE, CertEncoding.valueOf(4));       // RFC 2408 §3.9
        assertSame(LifeType.KILOBYTES, LifeType.valueOf(2));
        assertSame(OakleyAttributeType.GROUP_ORDER, OakleyAttributeType.valueOf(16));
        assertSame(IpsecAttributeType.EXTENDED_SEQUENCE_NUMBER, IpsecAttributeType.valueOf(11)); // RFC 4304 §2
    }

    @Test
    void keepsAnUnknownNumberAndPrintsIt() {
        ExchangeType reserved = ExchangeType.valueOf(7);                       // RFC 2408 §3.1: 6-31 reserved (6 is now Transaction)
        assertFalse(reserved.isKnown());
        assertEquals(7, reserved.value());
        assertEquals("unknown 7", reserved.toString());
        assertEquals(reserved, ExchangeType.valueOf(7));
        assertEquals(reserved.hashCode(), ExchangeType.valueOf(7).hashCode());
        assertNotEquals(reserved, PayloadType.valueOf(7));
        assertEquals("unknown 4294967295", Doi.valueOf(-1).toString());
    }

    @Test
    void namesTransformIdsWithinTheirProtocol() {
        // RFC 2407 §4.4.3/4.4.4: AH 3 is AH_SHA, ESP 3 is ESP_3DES; RFC 4106 §8.1: ESP 18/19/20 = AES-GCM-8/12/16
        assertSame(TransformId.AH_SHA, TransformId.valueOf(ProtocolId.AH, 3));
        assertSame(TransformId.ESP_3DES, TransformId.valueOf(ProtocolId.ESP, 3));
        assertSame(TransformId.ESP_AES_CBC, TransformId.valueOf(ProtocolId.ESP, 12));
        assertSame(TransformId.ESP_AES_GCM_8, TransformId.valueOf(ProtocolId.ESP, 18));
        assertSame(TransformId.ESP_AES_GCM_16, TransformId.valueOf(ProtocolId.ESP, 20));
        assertSame(TransformId.KEY_IKE, TransformId.valueOf(ProtocolId.ISAKMP, 1));
        assertNotEquals(TransformId.valueOf(ProtocolId.AH, 99), TransformId.valueOf(ProtocolId.ESP, 99));
        assertEquals("ESP transform unknown 99", TransformId.valueOf(ProtocolId.ESP, 99).toString());
    }

    @Test
    void marksBasicAndVariableAttributeClasses() {
        // RFC 2409 App. A: Life Duration is V, Encryption Algorithm B, Group Prime V
        assertEquals(AttributeForm.NUMBER, OakleyAttributeType.LIFE_DURATION.form());
        assertEquals(AttributeForm.BASIC, OakleyAttributeType.ENCRYPTION_ALGORITHM.form());
        assertEquals(AttributeForm.OCTETS, OakleyAttributeType.GROUP_PRIME.form());
        // RFC 2407 §4.5: SA Life Duration V, Encapsulation Mode B
        assertEquals(AttributeForm.NUMBER, IpsecAttributeType.SA_LIFE_DURATION.form());
        assertEquals(AttributeForm.BASIC, IpsecAttributeType.ENCAPSULATION_MODE.form());
        assertEquals(AttributeForm.OCTETS, IpsecAttributeType.valueOf(300).form());
    }

    @Test
    void separatesErrorNotificationsFromStatus() {
        assertTrue(NotifyType.NO_PROPOSAL_CHOSEN.isError());
        assertTrue(NotifyType.valueOf(8192).isError());              // RFC 2408 §3.14.1: private use errors
        assertFalse(NotifyType.CONNECTED.isError());
        assertFalse(NotifyType.R_U_THERE.isError());
    }

    @Test
    void knowsWhichEncapsulationModesTunnelOrUseUdp() {
        assertTrue(EncapsulationMode.UDP_ENCAPSULATED_TUNNEL.isTunnel());
        assertTrue(EncapsulationMode.UDP_ENCAPSULATED_TUNNEL_DRAFT.isUdpEncapsulated());
        assertFalse(EncapsulationMode.TRANSPORT.isTunnel());
        assertFalse(EncapsulationMode.TUNNEL.isUdpEncapsulated());
    }

    @Test
    void givesAddressIdTypesTheirDataLength() {
        assertEquals(4, IdType.IPV4_ADDR.dataLength());          // RFC 2407 §4.6.2.2
        assertEquals(8, IdType.IPV4_ADDR_SUBNET.dataLength());   // §4.6.2.5: address + mask
        assertEquals(32, IdType.IPV6_ADDR_RANGE.dataLength());   // §4.6.2.10: two addresses
        assertEquals(0, IdType.FQDN.dataLength());
    }

    @Test
    void refusesNumbersOutsideTheFieldWidth() {
        assertThrows(IllegalArgumentException.class, () -> PayloadType.valueOf(256));
        assertThrows(IllegalArgumentException.class, () -> NotifyType.valueOf(65536));
        assertThrows(IllegalArgumentException.class, () -> OakleyAttributeType.valueOf(0x8000));
    }
}
