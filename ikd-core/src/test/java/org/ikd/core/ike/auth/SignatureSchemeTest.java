package org.ikd.core.ike.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import org.bouncycastle.crypto.encodings.PKCS1Encoding;
import org.bouncycastle.crypto.engines.RSAEngine;
import org.bouncycastle.crypto.params.RSAKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.pki.TestCa;
import org.junit.jupiter.api.Test;

/**
 * SIG_I/SIG_R encodings against RFC 4754 §8.1 and BouncyCastle as the independent signer/verifier.
 * IKEv1 signs HASH_I/HASH_R itself: for ECDSA it is the digest (RFC 4754, strongSwan's
 * SIGN_ECDSA_WITH_NULL), so the RFC's vector is checked over its H = SHA-256("abc").
 */
class SignatureSchemeTest {
    // RFC 4754 §8.1 (ECDSA-256): public key gw = (gwx, gwy), message "abc", signature r | s
    static final String GWX = "2442A5CC0ECD015FA3CA31DC8E2BBC70BF42D60CBCA20085E0822CB04235E970";
    static final String GWY = "6FC98BD7E50211A4A27102FA3549DF79EBCB4BF246B80945CDDFE7D509BBFD7D";
    static final String R = "CB28E0999B9C7715FD0A80D8E47A77079716CBBF917DD72E97566EA1C066957C";
    static final String S = "86FA3BB4E26CAD5BF90B7F81899256CE7594BB1EA0C89212748BFF3B3D5B0315";
    // RFC 4754 §8.1: H = SHA-256("abc") (FIPS 180-2 App. B.1)
    static final Bytes H = Bytes.fromHex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
    static final Bytes HASH = Bytes.fromHex("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");

    static PublicKey rfc4754Key() throws Exception {
        ECPublicKeySpec spec = new ECPublicKeySpec(new ECPoint(new BigInteger(GWX, 16), new BigInteger(GWY, 16)), Jca.curve(DhGroupId.ECP_256));
        return KeyFactory.getInstance("EC").generatePublic(spec);
    }

    @Test
    void verifiesTheRfc4754Ecdsa256TestSignature() throws Exception {
        assertTrue(SignatureScheme.ECDSA_256.verify(rfc4754Key(), H, Bytes.fromHex(R + S)));
    }

    @Test
    void rejectsTheRfc4754SignatureOverAnotherMessageOrWithAFlippedBit() throws Exception {
        assertFalse(SignatureScheme.ECDSA_256.verify(rfc4754Key(), Bytes.of("abc".getBytes(StandardCharsets.US_ASCII)),
                Bytes.fromHex(R + S)), "the message instead of its digest");
        String flipped = R + S.substring(0, 63) + "4";
        assertFalse(SignatureScheme.ECDSA_256.verify(rfc4754Key(), H, Bytes.fromHex(flipped)));
        assertFalse(SignatureScheme.ECDSA_384.verify(rfc4754Key(), H, Bytes.fromHex(R + S)), "P-256 key under ECDSA-384");
    }

    @Test
    void ecdsaSignsTheHashItselfAsFixedWidthRAndSThatBouncyCastleVerifies() throws Exception {
        Object[][] cases = {{SignatureScheme.ECDSA_256, "secp256r1", 32}, {SignatureScheme.ECDSA_384, "secp384r1", 48},
                {SignatureScheme.ECDSA_521, "secp521r1", 66}};
        for (Object[] c : cases) {
            SignatureScheme scheme = (SignatureScheme) c[0];
            int width = (Integer) c[2];
            KeyPair k = TestCa.ec((String) c[1]);
            Bytes signed = HASH.concat(HASH).concat(HASH).slice(0, width > 48 ? 64 : width);   // as long as the curve's hash
            Bytes sig = scheme.sign(k.getPrivate(), signed);
            assertEquals(2 * width, sig.length(), scheme + ": RFC 4754 §7 r | s width");
            ECDSASigner bc = new ECDSASigner();                                   // BouncyCastle over the digest
            bc.init(false, ECUtil.generatePublicKeyParameter(k.getPublic()));
            assertTrue(bc.verifySignature(signed.toArray(), new BigInteger(1, sig.slice(0, width).toArray()),
                    new BigInteger(1, sig.slice(width, 2 * width).toArray())), scheme + " signature rejected by BouncyCastle");
            bc.init(true, ECUtil.generatePrivateKeyParameter(k.getPrivate()));
            BigInteger[] rs = bc.generateSignature(signed.toArray());
            Bytes theirs = fixed(rs[0], width).concat(fixed(rs[1], width));
            assertTrue(scheme.verify(k.getPublic(), signed, theirs), scheme + ": BouncyCastle's signature");
        }
    }

    static Bytes fixed(BigInteger v, int width) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[width];
        int n = Math.min(raw.length, width);
        System.arraycopy(raw, raw.length - n, out, width - n, n);
        return Bytes.of(out);
    }

    @Test
    void ecdsaComputesHashesWithTheCurvesHashAndRsaWithTheNegotiatedOne() {
        assertEquals(HashAlgorithm.SHA2_256, SignatureScheme.ECDSA_256.authenticationHash().orElseThrow());
        assertEquals(HashAlgorithm.SHA2_384, SignatureScheme.ECDSA_384.authenticationHash().orElseThrow());
        assertEquals(HashAlgorithm.SHA2_512, SignatureScheme.ECDSA_521.authenticationHash().orElseThrow());
        assertTrue(SignatureScheme.RSA.authenticationHash().isEmpty());
    }

    @Test
    void rsaSignatureIsPkcs1TypeOneOverTheRawHashAsBouncyCastleComputesIt() throws Exception {
        KeyPair k = TestCa.rsa();
        RSAPrivateCrtKey p = (RSAPrivateCrtKey) k.getPrivate();
        PKCS1Encoding bc = new PKCS1Encoding(new RSAEngine());          // RFC 8017 §9.2 without DigestInfo
        bc.init(true, new RSAKeyParameters(true, p.getModulus(), p.getPrivateExponent()));
        byte[] expected = bc.processBlock(HASH.toArray(), 0, HASH.length());
        assertArrayEquals(expected, SignatureScheme.RSA.sign(k.getPrivate(), HASH).toArray());
        assertTrue(SignatureScheme.RSA.verify(k.getPublic(), HASH, Bytes.of(expected)));
        expected[expected.length - 1] ^= 1;
        assertFalse(SignatureScheme.RSA.verify(k.getPublic(), HASH, Bytes.of(expected)));
    }

    @Test
    void picksTheSchemeByKeyTypeAndCurveAndAuthMethod() {
        assertEquals(SignatureScheme.RSA, SignatureScheme.forKey(TestCa.rsa().getPublic()).orElseThrow());
        assertEquals(SignatureScheme.ECDSA_384, SignatureScheme.forKey(TestCa.ec("secp384r1").getPrivate()).orElseThrow());
        assertEquals(SignatureScheme.ECDSA_521, SignatureScheme.forKey(TestCa.ec("secp521r1").getPublic()).orElseThrow());
        assertEquals(SignatureScheme.ECDSA_256, SignatureScheme.of(AuthMethod.valueOf(9)).orElseThrow());  // RFC 4754 §5
        assertEquals(10, SignatureScheme.ECDSA_384.authMethod().value());
        assertEquals(11, SignatureScheme.ECDSA_521.authMethod().value());
        assertEquals(3, SignatureScheme.RSA.authMethod().value());                                        // RFC 2409 App. A
        assertTrue(SignatureScheme.of(AuthMethod.PRE_SHARED_KEY).isEmpty());
    }
}
