package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.TestVectors.buffer;
import static org.ikd.core.isakmp.TestVectors.hex;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.TestVectors.Captured;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.DeletePayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message two strongSwan 5.9.8 charons exchanged (vectors/strongswan/*.messages, with the
 * decrypted bodies and payload values in the sibling .vec; see its README): cleartext messages
 * decode to the payloads RFC 2409 §5 and RFC 3947 §3 prescribe and re-encode to the same bytes;
 * encrypted ones keep header and ciphertext exactly; decrypted bodies (zero padded) decode too.
 */
class StrongSwanCaptureTest {
    private static final List<ExchangeStep> MAIN_MODE_CLEAR =
            List.of(ExchangeStep.MAIN_MODE_1, ExchangeStep.MAIN_MODE_2, ExchangeStep.MAIN_MODE_3, ExchangeStep.MAIN_MODE_4);

    @TestFactory
    Stream<DynamicTest> decodesEveryCapturedMessage() {
        List<Path> files = TestVectors.strongSwanFiles(".messages");
        assertFalse(files.isEmpty(), "no strongSwan captures found");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> checkMessages(f)));
    }

    @TestFactory
    Stream<DynamicTest> decodesEveryDecryptedBody() {
        return TestVectors.strongSwanFiles(".vec").stream()
                .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> checkPlaintexts(TestVectors.vec(f))));
    }

    private static void checkMessages(Path file) {
        List<Captured> distinct = new ArrayList<>(TestVectors.captured(file).stream()
                .collect(Collectors.toMap(Captured::bytes, c -> c, (a, b) -> a, java.util.LinkedHashMap::new)).values());
        int mainModeClear = 0;
        for (Captured c : distinct) {
            IsakmpHeader header = IsakmpHeader.decode(buffer(c.bytes()));
            assertTrue(c.summary().contains(String.format("%08x", header.messageId())), c::toString);
            if (header.isEncrypted()) {
                EncryptedMessage e = EncryptedMessage.decode(buffer(c.bytes()));
                assertEquals(c.bytes(), e.encode(), c::toString);
                assertEquals(0, e.body().length() % 8, c + ": ciphertext is whole DES/AES blocks");
                continue;
            }
            IsakmpMessage m = IsakmpMessage.decode(buffer(c.bytes()));
            assertEquals(c.bytes(), m.encode(), c::toString);
            assertEquals(ExchangeType.MAIN_MODE, header.exchangeType(), c::toString);
            assertEquals(c.summary().replaceAll(".*\\[(.*)\\].*", "$1"),
                    m.payloadTypes().stream().map(PayloadType::name).collect(Collectors.joining(" ")), c::toString);
            ExchangeStep step = MAIN_MODE_CLEAR.get(mainModeClear++);
            assertEquals(step.ordinal() % 2 == 0 ? "i>r" : "r>i", c.direction(), c::toString);
            MessageRules.check(step, m);
            checkMainModeShape(step, m.payloadTypes());
        }
        assertEquals(4, mainModeClear, file + ": Main Mode 1-4");
    }

    /** RFC 2409 §5: HDR, SA [, VID...]  then  HDR, KE, Ni [, NAT-D, NAT-D] (RFC 3947 §3.2). */
    private static void checkMainModeShape(ExchangeStep step, List<PayloadType> types) {
        if (step == ExchangeStep.MAIN_MODE_1 || step == ExchangeStep.MAIN_MODE_2) {
            assertEquals(PayloadType.SA, types.get(0));
            assertTrue(types.subList(1, types.size()).stream().allMatch(PayloadType.VID::equals), types::toString);
        } else {
            assertEquals(List.of(PayloadType.KE, PayloadType.NONCE, PayloadType.NAT_D, PayloadType.NAT_D), types);
        }
    }

    private static void checkPlaintexts(Map<String, String> v) {
        IsakmpMessage mm5 = open(v, "mm5", ExchangeStep.MAIN_MODE_5_PSK);
        assertEquals(hex(v.get("idii_b")), mm5.first(IdentificationPayload.class).orElseThrow().encodeBody());
        assertEquals(Integer.parseInt(v.get("mm5_pad_len")), hex(v.get("mm5_plain")).length() - mm5.encodePayloads().length());
        IsakmpMessage mm6 = open(v, "mm6", ExchangeStep.MAIN_MODE_6_PSK);
        assertEquals(hex(v.get("idir_b")), mm6.first(IdentificationPayload.class).orElseThrow().encodeBody());

        IsakmpMessage qm1 = open(v, "qm1", ExchangeStep.QUICK_MODE_1);
        assertEquals(hex(v.get("qm_ni_b")), qm1.first(NoncePayload.class).orElseThrow().nonce());
        List<IdentificationPayload> ids = qm1.all(IdentificationPayload.class);
        assertEquals(hex(v.get("qm_idci_b")), ids.get(0).encodeBody());
        assertEquals(hex(v.get("qm_idcr_b")), ids.get(1).encodeBody());
        if (v.containsKey("qm_g_xi"))
            assertEquals(hex(v.get("qm_g_xi")), qm1.first(KeyExchangePayload.class).orElseThrow().keyData());
        checkEspProposal(v, qm1, "esp_spi_i");
        IsakmpMessage qm2 = open(v, "qm2", ExchangeStep.QUICK_MODE_2);
        assertEquals(hex(v.get("qm_nr_b")), qm2.first(NoncePayload.class).orElseThrow().nonce());
        checkEspProposal(v, qm2, "esp_spi_r");
        open(v, "qm3", ExchangeStep.QUICK_MODE_3);

        Bytes ikeSpi = hex(v.get("cky_i") + v.get("cky_r"));
        assertEquals(hex(v.get("esp_spi_i")), open(v, "info1", ExchangeStep.INFORMATIONAL).first(DeletePayload.class)
                .orElseThrow().spis().get(0));
        assertEquals(ikeSpi, open(v, "info2", ExchangeStep.INFORMATIONAL).first(DeletePayload.class)
                .orElseThrow().spis().get(0));
    }

    /** Decodes {@code name}'s header and its logged plaintext, checks the rules and that the rest is zero padding. */
    private static IsakmpMessage open(Map<String, String> v, String name, ExchangeStep step) {
        EncryptedMessage e = EncryptedMessage.decode(buffer(hex(v.get(name))));
        Bytes plain = hex(v.get(name + "_plain"));
        IsakmpMessage m = e.withPlaintext(buffer(plain));
        MessageRules.check(step, m);
        Bytes payloads = m.encodePayloads();
        assertEquals(payloads, plain.slice(0, payloads.length()), name);
        Bytes padding = plain.slice(payloads.length(), plain.length());
        assertTrue(padding.length() >= 1 && padding.length() <= 16, name + " pads 1..blocksize bytes");
        assertEquals(Bytes.of(new byte[padding.length()]), padding, name + " pads with zeros");
        return m;
    }

    private static void checkEspProposal(Map<String, String> v, IsakmpMessage m, String spiKey) {
        var proposal = m.first(SecurityAssociationPayload.class).orElseThrow().proposals().get(0);
        assertEquals(hex(v.get(spiKey)), proposal.spi());
        TransformPayload t = proposal.transforms().get(0);
        assertEquals(Integer.parseInt(v.get("esp_transform_id")), t.transformId().value());
        assertEquals(Integer.parseInt(v.get("esp_lifetime_s")),
                t.attribute(IpsecAttributeType.SA_LIFE_DURATION).orElseThrow().longValue());
        assertEquals(EncapsulationMode.valueOf(Integer.parseInt(v.get("esp_encap_mode"))),
                EncapsulationMode.valueOf(t.attribute(IpsecAttributeType.ENCAPSULATION_MODE).orElseThrow().intValue()));
    }

    @TestFactory
    Stream<DynamicTest> matchesThePayloadBodiesTheVectorsList() {
        return TestVectors.strongSwanFiles(".vec").stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> {
                    Map<String, String> v = TestVectors.vec(f);
                    Path messages = f.resolveSibling(f.getFileName().toString().replace(".vec", ".messages"));
                    List<IsakmpMessage> clear = new ArrayList<>();
                    for (Bytes b : new LinkedHashSet<>(TestVectors.captured(messages).stream().map(Captured::bytes).toList()))
                        if (!IsakmpHeader.decode(buffer(b)).isEncrypted()) clear.add(IsakmpMessage.decode(buffer(b)));
                    assertEquals(hex(v.get("sa_i_b")), body(clear.get(0), SecurityAssociationPayload.class));
                    assertEquals(hex(v.get("sa_r_b")), body(clear.get(1), SecurityAssociationPayload.class));
                    assertEquals(hex(v.get("g_xi")), body(clear.get(2), KeyExchangePayload.class));
                    assertEquals(hex(v.get("ni_b")), body(clear.get(2), NoncePayload.class));
                    assertEquals(hex(v.get("g_xr")), body(clear.get(3), KeyExchangePayload.class));
                    assertEquals(hex(v.get("nr_b")), body(clear.get(3), NoncePayload.class));
                    List<NatDiscoveryPayload> natd = clear.get(2).all(NatDiscoveryPayload.class);
                    assertEquals(hex(v.get("natd_i_1")), natd.get(0).hash());
                    assertEquals(hex(v.get("natd_i_2")), natd.get(1).hash());
                }));
    }

    @TestFactory
    Stream<DynamicTest> rejectsEveryTruncationOfACapturedMessage() {
        return TestVectors.strongSwanFiles(".vec").stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(),
                () -> {
                    Map<String, String> v = TestVectors.vec(f);
                    for (String name : List.of("mm5", "mm6", "qm1", "qm2", "qm3", "info1", "info2")) {
                        Bytes wire = hex(v.get(name));
                        for (int n = 0; n < wire.length(); n++) {
                            Bytes cut = wire.slice(0, n);
                            assertThrows(MalformedMessageException.class, () -> EncryptedMessage.decode(buffer(cut)));
                        }
                        // a decrypted body cut anywhere before the end of its last payload
                        PayloadType first = IsakmpHeader.decode(buffer(wire)).nextPayload();
                        Bytes plain = hex(v.get(name + "_plain"));
                        int chain = new IsakmpMessage(IsakmpHeader.decode(buffer(wire)),
                                IsakmpMessage.decodePayloads(first, buffer(plain))).encodePayloads().length();
                        for (int n = 0; n < chain; n++) {
                            Bytes cut = plain.slice(0, n);
                            assertThrows(MalformedMessageException.class,
                                    () -> IsakmpMessage.decodePayloads(first, buffer(cut)), name + " cut at " + n);
                        }
                    }
                    Path messages = f.resolveSibling(f.getFileName().toString().replace(".vec", ".messages"));
                    for (Captured c : TestVectors.captured(messages)) {
                        if (IsakmpHeader.decode(buffer(c.bytes())).isEncrypted()) continue;
                        for (int n = 0; n < c.bytes().length(); n++) {
                            Bytes cut = c.bytes().slice(0, n);
                            assertThrows(MalformedMessageException.class, () -> IsakmpMessage.decode(buffer(cut)));
                            if (n < IsakmpHeader.LENGTH) continue;
                            Bytes honest = IsakmpMessageTest.withHeaderLength(cut, n);
                            assertThrows(MalformedMessageException.class, () -> IsakmpMessage.decode(buffer(honest)),
                                    c + " cut at " + n);
                        }
                    }
                }));
    }

    private static Bytes body(IsakmpMessage m, Class<? extends Payload> type) {
        return m.first(type).orElseThrow().encodeBody();
    }
}
