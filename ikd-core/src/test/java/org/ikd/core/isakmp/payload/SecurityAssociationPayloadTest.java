package org.ikd.core.isakmp.payload;

import static org.ikd.core.isakmp.Rejections.assertRejected;
import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.junit.jupiter.api.Test;

/** SA, proposal and transform nesting (RFC 2408 §3.3-3.6, RFC 2407 §4.5/§4.6.1): one test per rule. */
class SecurityAssociationPayloadTest {
    private static final String SA_HEADER = "00000001 00000001";        // DOI IPsec, SIT_IDENTITY_ONLY

    /** strongSwan 5.9.8 Quick Mode 1 SA (mm-3des-sha1-modp1024 capture): ESP SPI 62723b7f, ESP_3DES, HMAC-SHA, UDP tunnel, 4500 s. */
    private static final String STRONGSWAN_QM_SA = SA_HEADER
            + "00000024 01030401 62723b7f"
            + "00000018 01030000 80050002 80040003 80010001 80021194";

    private static SecurityAssociationPayload decode(String bodyHex) {
        return SecurityAssociationPayload.decode(buffer(hex(bodyHex)));
    }

    /** One ESP proposal #1 with SPI 00000001 holding one transform #1 (ESP_AES) with these attributes. */
    private static String espProposal(String attributes) {
        int transformLength = 8 + hex(attributes).length();
        return SA_HEADER + String.format("0000%04x 01030401 00000001", 12 + transformLength)
                + String.format("0000%04x 010c0000", transformLength) + attributes;
    }

    @Test
    void decodesStrongSwanQuickModeProposal() {
        SecurityAssociationPayload sa = decode(STRONGSWAN_QM_SA);
        ProposalPayload p = sa.proposals().get(0);
        assertEquals(ProtocolId.ESP, p.protocolId());
        assertEquals(hex("62723b7f"), p.spi());
        TransformPayload t = p.transforms().get(0);
        assertEquals(TransformId.ESP_3DES, t.transformId());
        assertEquals(3, t.attribute(IpsecAttributeType.ENCAPSULATION_MODE).orElseThrow().intValue());
        assertEquals(4500, t.attribute(IpsecAttributeType.SA_LIFE_DURATION).orElseThrow().longValue());
        assertEquals(hex(STRONGSWAN_QM_SA), sa.encodeBody());
    }

    @Test
    void decodesTwoProposalsAndABundle() {
        // proposals #1 AH and #1 ESP form one AH+ESP bundle, #2 ESP is the alternative (RFC 2408 §4.2)
        String ah = "02000014 01020401 00000011 00000008 01030000";
        String esp1 = "02000014 01030401 00000012 00000008 010c0000";
        String esp2 = "00000014 02030401 00000013 00000008 01030000";
        SecurityAssociationPayload sa = decode(SA_HEADER + ah + esp1 + esp2);
        assertEquals(List.of(1, 1, 2), sa.proposals().stream().map(ProposalPayload::number).toList());
        assertEquals(TransformId.AH_SHA, sa.proposals().get(0).transforms().get(0).transformId());
        assertEquals(hex(SA_HEADER + ah + esp1 + esp2), sa.encodeBody());
    }

    @Test
    void rejectsADomainOfInterpretationOtherThanIpsec() {
        assertRejected(NotifyType.DOI_NOT_SUPPORTED, "DOI", () -> decode("00000002 00000001"));
    }

    @Test
    void rejectsLabeledSituations() {
        // RFC 2407 §4.6.1: SIT_SECRECY/SIT_INTEGRITY add labeled-domain fields ikd does not support
        assertRejected(NotifyType.SITUATION_NOT_SUPPORTED, "0x3", () -> decode("00000001 00000003"));
    }

    @Test
    void rejectsSaWithoutProposals() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "PROPOSAL 1", () -> decode(SA_HEADER));
    }

    @Test
    void rejectsTruncatedSituation() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "situation", () -> decode("00000001 0000"));
    }

    @Test
    void rejectsProposalChainedToATransform() {
        String bad = STRONGSWAN_QM_SA.replaceFirst("00000024", "03000024");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "next payload TRANSFORM", () -> decode(bad));
    }

    @Test
    void rejectsProposalThatPromisesAnotherButEnds() {
        String bad = STRONGSWAN_QM_SA.replaceFirst("00000024", "02000024");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "PROPOSAL 2", () -> decode(bad));
    }

    @Test
    void rejectsProposalLongerThanItsSa() {
        String bad = STRONGSWAN_QM_SA.replaceFirst("00000024", "00000025");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "length 37", () -> decode(bad));
    }

    @Test
    void rejectsProposalLengthBelowTheGenericHeader() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "length 3", () -> decode(SA_HEADER + "00000003 01030401"));
    }

    @Test
    void rejectsBytesAfterTheLastProposal() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "after the last PROPOSAL", () -> decode(STRONGSWAN_QM_SA + "00"));
    }

    @Test
    void rejectsProposalWithNonZeroReserved() {
        String bad = STRONGSWAN_QM_SA.replaceFirst("00000024", "00010024");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "RESERVED", () -> decode(bad));
    }

    @Test
    void rejectsTransformCountThatDisagreesWithTheTransforms() {
        String bad = STRONGSWAN_QM_SA.replace("01030401", "01030402");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "found 1 transforms, expected 2", () -> decode(bad));
    }

    @Test
    void rejectsProposalWithoutTransforms() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "TRANSFORM 1", () -> decode(SA_HEADER + "0000000c 01030400 00000001"));
    }

    @Test
    void rejectsTransformThatPromisesAnotherButTheProposalEnds() {
        String bad = STRONGSWAN_QM_SA.replace("00000018 0103", "03000018 0103");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "TRANSFORM 2", () -> decode(bad));
    }

    @Test
    void rejectsTransformChainedToAProposal() {
        String bad = STRONGSWAN_QM_SA.replace("00000018 0103", "02000018 0103");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "next payload PROPOSAL", () -> decode(bad));
    }

    @Test
    void rejectsProposalLongerThanItsTransforms() {
        // proposal length 40 but its transforms end at 36: nested lengths must sum exactly
        String bad = SA_HEADER + "00000028 01030401 62723b7f 00000018 01030000 80050002 80040003 80010001 80021194 00000000";
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "after the last TRANSFORM", () -> decode(bad));
    }

    @Test
    void rejectsTransformWithNonZeroReserved2() {
        String bad = STRONGSWAN_QM_SA.replace("01030000", "01030100");
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "RESERVED2", () -> decode(bad));
    }

    @Test
    void rejectsEspSpiOfWrongSize() {
        // RFC 2407 §4.4: AH and ESP SPIs are 4 bytes
        String bad = SA_HEADER + "00000023 01030301 62723b 00000018 01030000 80050002 80040003 80010001 80021194";
        assertRejected(NotifyType.INVALID_SPI, "3-byte SPI for ESP", () -> decode(bad));
    }

    @Test
    void rejectsIsakmpSpiOfEightBytes() {
        String bad = SA_HEADER + "00000018 01010801 0011223344556677 00000008 01010000";
        assertRejected(NotifyType.INVALID_SPI, () -> decode(bad));
    }

    @Test
    void acceptsIsakmpSpiOfSixteenBytes() {
        // RFC 2408 §2.4: in phase 1 the SPI may be the cookie pair
        String ok = SA_HEADER + "00000020 01011001 00112233445566778899aabbccddeeff 00000008 01010000";
        assertEquals(16, decode(ok).proposals().get(0).spi().length());
    }

    @Test
    void rejectsSpiSizeRunningPastTheProposal() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "SPI", () -> decode(SA_HEADER + "0000000a 0103ff01 0000"));
    }

    @Test
    void rejectsDecreasingProposalNumbers() {
        String two = "02000014 02030401 00000012 00000008 010c0000";
        String one = "00000014 01030401 00000013 00000008 010c0000";
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "proposal #1 after #2", () -> decode(SA_HEADER + two + one));
    }

    @Test
    void rejectsBasicAttributeSentAsTlv() {
        // RFC 2407 §4.5: Encapsulation Mode is B(asic)
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "ENCAPSULATION_MODE as TLV", () -> decode(espProposal("0004 0002 0001")));
    }

    @Test
    void rejectsOakleyBasicAttributeSentAsTlv() {
        // RFC 2409 App. A: Encryption Algorithm is B(asic)
        String bad = SA_HEADER + "00000016 01010001 0000000e 01010000 0001 0002 0007";
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "ENCRYPTION_ALGORITHM as TLV", () -> decode(bad));
    }

    @Test
    void acceptsLifeDurationAsTvAndAsFourAndEightByteTlv() {
        SecurityAssociationPayload sa = decode(espProposal("8001 0001 8002 0e10 8001 0002 0002 0004 00015180"
                + "8001 0002 0002 0008 0000000100000000"));
        List<DataAttribute> a = sa.proposals().get(0).transforms().get(0).attributes();
        assertEquals(3600, a.get(1).longValue());
        assertEquals(86400, a.get(3).longValue());
        assertEquals(1L << 32, a.get(5).longValue());
        assertEquals(hex("0000000100000000"), a.get(5).value());
    }

    @Test
    void rejectsLifeDurationOfNineBytes() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "9-byte SA_LIFE_DURATION",
                () -> decode(espProposal("8001 0001 0002 0009 000000000000000e10")));
    }

    @Test
    void rejectsEmptyLifeDuration() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "0-byte SA_LIFE_DURATION", () -> decode(espProposal("8001 0001 0002 0000")));
    }

    @Test
    void rejectsLifeDurationOfTwoToTheSixtyThird() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "below 2^63",
                () -> decode(espProposal("8001 0001 0002 0008 8000000000000000")));
    }

    @Test
    void rejectsTlvAttributeRunningPastItsTransform() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "TLV attribute 2 value", () -> decode(espProposal("0002 0008 00000e10")));
    }

    @Test
    void rejectsTruncatedTvAttribute() {
        assertRejected(NotifyType.BAD_PROPOSAL_SYNTAX, "TV attribute value", () -> decode(espProposal("8001 00")));
    }

    @Test
    void keepsLongOctetAttributesAndUnknownClasses() {
        // RFC 2409 App. A: Group Prime (6) is V; class 16000 is unassigned
        String prime = "ff".repeat(96);
        String body = SA_HEADER + String.format("0000%04x 01010001 0000%04x 01010000", 8 + 8 + 4 + 96 + 6,
                8 + 4 + 96 + 6) + "0006 0060 " + prime + "3e80 0002 abcd";
        SecurityAssociationPayload sa = decode(body);
        List<DataAttribute> a = sa.proposals().get(0).transforms().get(0).attributes();
        assertEquals(96, a.get(0).value().length());
        assertEquals(16000, a.get(1).type());
        assertEquals(hex(body), sa.encodeBody());
    }

    @Test
    void buildsTheSameBytesStrongSwanSent() {
        TransformPayload t = new TransformPayload(1, TransformId.ESP_3DES, List.of(
                DataAttribute.tv(IpsecAttributeType.AUTHENTICATION_ALGORITHM, 2),
                DataAttribute.tv(IpsecAttributeType.ENCAPSULATION_MODE, 3),
                DataAttribute.tv(IpsecAttributeType.SA_LIFE_TYPE, 1),
                DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, 4500)));
        ProposalPayload p = new ProposalPayload(1, ProtocolId.ESP, hex("62723b7f"), List.of(t));
        assertEquals(hex(STRONGSWAN_QM_SA), SecurityAssociationPayload.of(List.of(p)).encodeBody());
    }

    @Test
    void refusesToBuildAProposalWhoseTransformsBelongToAnotherProtocol() {
        TransformPayload ah = new TransformPayload(1, TransformId.AH_SHA, List.of());
        assertThrows(IllegalArgumentException.class, () -> new ProposalPayload(1, ProtocolId.ESP, Bytes.of(new byte[4]),
                List.of(ah)));
    }
}
