package org.ikd.core.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.List;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** ECP groups 19-21 (RFC 5903). */
class EcpGroupTest {
    private final SecureRandom random = new SecureRandom();

    /** RFC 5903 §8.1-8.3 (vectors/rfc/ecdh-rfc5903.txt). */
    static List<VectorFile.Record> rfc5903() {
        return VectorFile.load("vectors/rfc/ecdh-rfc5903.txt");
    }

    private static EcpGroup groupOf(VectorFile.Record v) {
        return (EcpGroup) DhGroup.of(DhGroupId.byId(v.integer("group")).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5903")
    void initiatorAgreesOnTheRfcSecret(VectorFile.Record v) throws Exception {
        DhPrivate i = groupOf(v).restore(v.secret("i"), v.bytes("gix").concat(v.bytes("giy")));
        Secret z = i.agree(v.bytes("grx").concat(v.bytes("gry")));
        assertArrayEquals(v.array("girx"), z.reveal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5903")
    void responderAgreesOnTheRfcSecret(VectorFile.Record v) throws Exception {
        DhPrivate r = groupOf(v).restore(v.secret("r"), v.bytes("grx").concat(v.bytes("gry")));
        Secret z = r.agree(v.bytes("gix").concat(v.bytes("giy")));
        assertArrayEquals(v.array("girx"), z.reveal());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5903")
    void rejectsTheRfcPointWithOneBitOfYFlipped(VectorFile.Record v) throws Exception {
        DhPrivate i = groupOf(v).restore(v.secret("i"), v.bytes("gix").concat(v.bytes("giy")));
        byte[] gr = v.bytes("grx").concat(v.bytes("gry")).toArray();
        gr[gr.length - 1] ^= 1;
        var e = assertThrows(InvalidPublicValueException.class, () -> i.agree(Bytes.of(gr)));
        assertTrue(e.getMessage().contains("not a point of the curve"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc5903")
    void rejectsTheSec1EncodingWithIts04Prefix(VectorFile.Record v) throws Exception {
        DhPrivate i = groupOf(v).restore(v.secret("i"), v.bytes("gix").concat(v.bytes("giy")));
        Bytes sec1 = Bytes.concat(Bytes.of((byte) 4), v.bytes("grx"), v.bytes("gry"));
        var e = assertThrows(InvalidPublicValueException.class, () -> i.agree(sec1));
        assertTrue(e.getMessage().contains("(expected: " + (sec1.length() - 1) + ", x | y)"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = DhGroupId.class, names = "ECP_.*", mode = EnumSource.Mode.MATCH_ANY)
    void interoperatesWithAPlainJcaPeerSpeakingRfc5903(DhGroupId id) throws Exception {
        // The peer is built on the JCA directly, with the RFC 5903 §7 encoding written here.
        ECParameterSpec spec = curve(id);
        int len = id.publicValueLength() / 2;
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(spec, random);
        KeyPair peer = g.generateKeyPair();
        ECPoint w = ((ECPublicKey) peer.getPublic()).getW();
        Bytes peerWire = Bytes.concat(fixed(w.getAffineX(), len), fixed(w.getAffineY(), len));

        DhPrivate ours = DhGroup.of(id).generate(random);
        Secret z = ours.agree(peerWire);

        Bytes wire = ours.publicValue();
        ECPoint ourPoint = new ECPoint(new BigInteger(1, wire.slice(0, len).toArray()),
                new BigInteger(1, wire.slice(len, 2 * len).toArray()));
        KeyAgreement ka = KeyAgreement.getInstance("ECDH");
        ka.init(peer.getPrivate());
        ka.doPhase(KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(ourPoint, spec)), true);
        assertEquals(len, z.length());
        assertArrayEquals(fixed(new BigInteger(1, ka.generateSecret()), len).toArray(), z.reveal());
    }

    @ParameterizedTest
    @EnumSource(value = DhGroupId.class, names = "ECP_.*", mode = EnumSource.Mode.MATCH_ANY)
    void generatesAPointOfTheCurve(DhGroupId id) throws Exception {
        EcpGroup group = (EcpGroup) DhGroup.of(id);
        Bytes wire = group.generate(random).publicValue();
        assertEquals(id.publicValueLength(), wire.length());
        assertEquals(id.publicValueLength() / 2, group.sharedSecretLength());
        group.decode(wire);          // throws if not on the curve
    }

    @Test
    void rejectsZeroZeroTheStandInForInfinity() throws Exception {
        DhPrivate a = DhGroup.of(DhGroupId.ECP_256).generate(random);
        var e = assertThrows(InvalidPublicValueException.class, () -> a.agree(Bytes.of(new byte[64])));
        assertEquals(DhGroupId.ECP_256, e.group());
    }

    @Test
    void rejectsACoordinateOutsideTheField() throws Exception {
        // x = p: an unreduced coordinate is refused before any curve arithmetic.
        BigInteger p = ((ECFieldFp) curve(DhGroupId.ECP_256).getCurve().getField()).getP();
        DhPrivate a = DhGroup.of(DhGroupId.ECP_256).generate(random);
        Bytes bad = Bytes.concat(fixed(p, 32), Bytes.of(new byte[32]));
        var e = assertThrows(InvalidPublicValueException.class, () -> a.agree(bad));
        assertTrue(e.getMessage().contains("outside the field"), e.getMessage());
    }

    @Test
    void rejectsAValueOfTheOtherGroupsLength() {
        DhPrivate a = DhGroup.of(DhGroupId.ECP_384).generate(random);
        Bytes p256 = DhGroup.of(DhGroupId.ECP_256).generate(random).publicValue();
        assertThrows(InvalidPublicValueException.class, () -> a.agree(p256));
    }

    private static ECParameterSpec curve(DhGroupId id) throws Exception {
        var p = java.security.AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(switch (id) {
            case ECP_256 -> "secp256r1";
            case ECP_384 -> "secp384r1";
            default -> "secp521r1";
        }));
        return p.getParameterSpec(ECParameterSpec.class);
    }

    private static Bytes fixed(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - n, out, len - n, n);
        return Bytes.of(out);
    }
}
