package org.ikd.core.oakley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.stream.Stream;
import org.ikd.core.crypto.BlockCipher;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroup;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.ikd.core.crypto.VectorFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ikd's RFC 2409 key math against two strongSwan 5.9.8 charons talking to each other (Main
 * Mode with a pre-shared key, Quick Mode, two Informational DELETEs): vectors/strongswan/*.vec,
 * whose README says how they were captured. Every expected value is charon's.
 */
class StrongSwanVectorsTest {
    private static final int HEADER = 28;          // RFC 2408 §3.1: the ISAKMP header

    static Stream<String> vectors() {
        return Stream.of("mm-3des-sha1-modp1024", "mm-aes128-sha256-modp2048", "mm-aes256-sha384-ecp384");
    }

    /** One capture, with ikd's primitives chosen from its negotiated numbers. */
    private static final class Run {
        final VectorFile.Record v;
        final HashAlgorithm hash;
        final Prf prf;
        final BlockCipher cipher;
        final DhGroupId group;

        Run(String name) {
            v = VectorFile.loadOne("vectors/strongswan/" + name + ".vec");
            hash = HashAlgorithm.byId(v.integer("hash_id")).orElseThrow();
            prf = Prf.hmac(hash);
            cipher = BlockCipher.of(Phase1Cipher.byId(v.integer("encr_id")).orElseThrow(), v.integer("encr_key_bits"));
            group = DhGroupId.byId(v.integer("dh_group")).orElseThrow();
        }

        Bytes b(String key) {
            return v.bytes(key);
        }

        Secret skeyid() {
            return Phase1Keys.skeyidPreSharedKey(prf, v.secret("psk"), b("ni_b"), b("nr_b"));
        }

        Phase1Keys keys() {
            return Phase1Keys.derive(prf, skeyid(), v.secret("g_xy"), b("cky_i"), b("cky_r"), cipher.keyLength());
        }

        /** The IV chain after Main Mode: MM5 and MM6 recorded, as the engine would. */
        IvChain chainAfterMainMode() {
            IvChain chain = IvChain.start(hash, cipher.blockSize(), b("g_xi"), b("g_xr"));
            chain.advance(0, body(b("mm5")));
            chain.advance(0, body(b("mm6")));
            return chain;
        }

        Bytes decrypt(Secret ka, Bytes iv, Bytes message) {
            return Bytes.of(cipher.decrypt(ka, iv.toArray(), body(message).toArray()));
        }
    }

    static Bytes body(Bytes message) {
        return message.slice(HEADER, message.length());
    }

    static int messageId(Bytes message) {
        return (message.getUnsigned(20) << 24) | (message.getUnsigned(21) << 16)
                | (message.getUnsigned(22) << 8) | message.getUnsigned(23);
    }

    /** The payload chain after the first (HASH) payload, without CBC padding (RFC 2408 §3.2). */
    static Bytes afterFirstPayload(Bytes plain) {
        int first = (plain.getUnsigned(2) << 8) | plain.getUnsigned(3);
        int next = plain.getUnsigned(0);
        int end = first;
        while (next != 0) {
            next = plain.getUnsigned(end);
            end += (plain.getUnsigned(end + 2) << 8) | plain.getUnsigned(end + 3);
        }
        return plain.slice(first, end);
    }

    /** The body of the first (HASH) payload. */
    static Bytes firstPayloadBody(Bytes plain) {
        return plain.slice(4, (plain.getUnsigned(2) << 8) | plain.getUnsigned(3));
    }

    private static void assertSecret(Bytes expected, Secret actual) {
        assertEquals(expected.toHex(), actual.revealHex());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void derivesSkeyidFromThePreSharedKey(String name) {
        Run r = new Run(name);
        assertSecret(r.b("skeyid"), r.skeyid());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void derivesSkeyidDAAndE(String name) {
        Run r = new Run(name);
        Phase1Keys k = r.keys();
        assertSecret(r.b("skeyid_d"), k.skeyidD());
        assertSecret(r.b("skeyid_a"), k.skeyidA());
        assertSecret(r.b("skeyid_e"), k.skeyidE());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void derivesThePhase1EncryptionKey(String name) {
        Run r = new Run(name);
        assertEquals(r.cipher.keyLength(), r.b("ka").length());
        assertSecret(r.b("ka"), r.keys().encryptionKey());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void computesHashIAndHashR(String name) {
        Run r = new Run(name);
        Phase1Hash h = new Phase1Hash(r.prf, r.skeyid(), r.b("g_xi"), r.b("g_xr"), r.b("cky_i"), r.b("cky_r"),
                r.b("sa_i_b"));
        assertEquals(r.b("hash_i"), h.initiator(r.b("idii_b")));
        assertEquals(r.b("hash_r"), h.responder(r.b("idir_b")));
        assertTrue(h.verifyInitiator(r.b("idii_b"), r.b("hash_i")));
        assertFalse(h.verifyResponder(r.b("idir_b"), r.b("hash_i")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void startsThePhase1IvChainAtTheHashOfThePublicValues(String name) {
        Run r = new Run(name);
        IvChain chain = IvChain.start(r.hash, r.cipher.blockSize(), r.b("g_xi"), r.b("g_xr"));
        assertEquals(r.b("iv0"), chain.ivFor(0));
        assertEquals(r.b("mm5_iv"), chain.ivFor(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptsMainMode5And6AlongTheIvChain(String name) {
        Run r = new Run(name);
        Secret ka = r.keys().encryptionKey();
        IvChain chain = IvChain.start(r.hash, r.cipher.blockSize(), r.b("g_xi"), r.b("g_xr"));

        assertEquals(r.b("mm5_plain"), r.decrypt(ka, chain.ivFor(0), r.b("mm5")));   // HDR*, IDii, HASH_I -->
        chain.advance(0, body(r.b("mm5")));
        assertEquals(r.b("mm6_iv"), chain.ivFor(0));
        assertEquals(r.b("mm6_plain"), r.decrypt(ka, chain.ivFor(0), r.b("mm6")));   // <-- HDR*, IDir, HASH_R
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void mainMode5CarriesTheHashIThatIkdComputes(String name) {
        Run r = new Run(name);
        Bytes plain = r.b("mm5_plain");
        Phase1Hash h = new Phase1Hash(r.prf, r.skeyid(), r.b("g_xi"), r.b("g_xr"), r.b("cky_i"), r.b("cky_r"),
                r.b("sa_i_b"));
        // MM5 body: ID payload (whose body is IDii_b), then HASH.
        int idLength = (plain.getUnsigned(2) << 8) | plain.getUnsigned(3);
        assertEquals(r.b("idii_b"), plain.slice(4, idLength));
        Bytes hashPayload = firstPayloadBody(plain.slice(idLength, plain.length()));
        assertTrue(h.verifyInitiator(r.b("idii_b"), hashPayload));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void derivesTheQuickModeIvAndDecryptsQuickMode(String name) {
        Run r = new Run(name);
        Secret ka = r.keys().encryptionKey();
        IvChain chain = r.chainAfterMainMode();
        int mid = messageId(r.b("qm1"));
        assertEquals(r.b("qm_msgid"), Bytes.of(Phase2Hash.mid(mid)));

        assertEquals(r.b("qm_iv"), chain.ivFor(mid));
        assertEquals(r.b("qm1_plain"), r.decrypt(ka, chain.ivFor(mid), r.b("qm1")));  // HDR*, HASH(1), SA, Ni, [KE], IDci, IDcr -->
        chain.advance(mid, body(r.b("qm1")));
        assertEquals(r.b("qm2_iv"), chain.ivFor(mid));
        assertEquals(r.b("qm2_plain"), r.decrypt(ka, chain.ivFor(mid), r.b("qm2")));  // <-- HDR*, HASH(2), SA, Nr, [KE], IDci, IDcr
        chain.advance(mid, body(r.b("qm2")));
        assertEquals(r.b("qm3_iv"), chain.ivFor(mid));
        assertEquals(r.b("qm3_plain"), r.decrypt(ka, chain.ivFor(mid), r.b("qm3")));  // HDR*, HASH(3) -->
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void computesQuickModeHashes(String name) {
        Run r = new Run(name);
        Phase2Hash h = new Phase2Hash(r.prf, r.keys().skeyidA());
        int mid = messageId(r.b("qm1"));
        Bytes hash1 = h.hash1(mid, afterFirstPayload(r.b("qm1_plain")));
        Bytes hash2 = h.hash2(mid, r.b("qm_ni_b"), afterFirstPayload(r.b("qm2_plain")));
        Bytes hash3 = h.hash3(mid, r.b("qm_ni_b"), r.b("qm_nr_b"));
        assertEquals(r.b("qm_hash1"), hash1);
        assertEquals(r.b("qm_hash2"), hash2);
        assertEquals(r.b("qm_hash3"), hash3);
        assertTrue(Phase2Hash.verify(hash1, firstPayloadBody(r.b("qm1_plain"))));
        assertTrue(Phase2Hash.verify(hash3, firstPayloadBody(r.b("qm3_plain"))));
        assertFalse(Phase2Hash.verify(hash1, hash2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void decryptsAndAuthenticatesTheInformationalDeletes(String name) {
        Run r = new Run(name);
        Secret ka = r.keys().encryptionKey();
        Phase2Hash h = new Phase2Hash(r.prf, r.keys().skeyidA());
        IvChain chain = r.chainAfterMainMode();
        chain.advance(messageId(r.b("qm1")), body(r.b("qm1")));          // an open QM chain must not matter
        for (String info : new String[] {"info1", "info2"}) {
            int mid = messageId(r.b(info));
            assertEquals(r.b(info + "_iv"), chain.ivFor(mid), info);
            Bytes plain = r.decrypt(ka, chain.ivFor(mid), r.b(info));
            assertEquals(r.b(info + "_plain"), plain, info);                   // HDR*, HASH(1), D -->
            assertEquals(firstPayloadBody(plain), h.informational(mid, afterFirstPayload(plain)), info);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void derivesTheKeymatOfBothEspSas(String name) {
        Run r = new Run(name);
        Secret skeyidD = r.keys().skeyidD();
        Keymat keymat = r.v.has("qm_g_xy")
                ? Keymat.withPfs(r.prf, skeyidD, r.v.secret("qm_g_xy"), r.b("qm_ni_b"), r.b("qm_nr_b"))
                : Keymat.withoutPfs(r.prf, skeyidD, r.b("qm_ni_b"), r.b("qm_nr_b"));
        int protocol = r.v.integer("protocol_id");
        for (String spi : new String[] {"esp_spi_i", "esp_spi_r"}) {
            Bytes expected = r.b("keymat_for_spi_" + r.b(spi).toHex());
            assertSecret(expected, keymat.derive(protocol, r.b(spi), expected.length()));
        }
        // The i->r SA uses the responder's SPI (README: keymat_i_to_r_* = SA with esp_spi_r).
        Bytes encr = r.b("keymat_i_to_r_encr");
        assertSecret(encr, keymat.derive(protocol, r.b("esp_spi_r"), encr.length()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void acceptsCharonsPublicValuesAndMatchesItsSecretLength(String name) throws Exception {
        Run r = new Run(name);
        DhGroup group = DhGroup.of(r.group);
        // g_xy: MODP padded to the prime, ECP the x coordinate only (RFC 5903 §7); the private
        // values are not in the capture, so the secret itself cannot be recomputed here.
        assertEquals(group.sharedSecretLength(), r.b("g_xy").length());
        var ours = group.generate(new SecureRandom());
        assertEquals(r.b("g_xi").length(), ours.publicValue().length());
        assertEquals(group.sharedSecretLength(), ours.agree(r.b("g_xi")).length());
        assertEquals(group.sharedSecretLength(), ours.agree(r.b("g_xr")).length());
        if (r.v.has("qm_g_xi")) {
            DhGroup pfs = DhGroup.of(DhGroupId.byId(r.v.integer("qm_dh_group")).orElseThrow());
            var qm = pfs.generate(new SecureRandom());
            assertEquals(pfs.sharedSecretLength(), r.b("qm_g_xy").length());
            assertArrayEquals(new int[] {pfs.sharedSecretLength(), pfs.sharedSecretLength()},
                    new int[] {qm.agree(r.b("qm_g_xi")).length(), qm.agree(r.b("qm_g_xr")).length()});
        }
    }
}
