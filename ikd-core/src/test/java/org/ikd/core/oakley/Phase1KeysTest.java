package org.ikd.core.oakley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.junit.jupiter.api.Test;

/** What the strongSwan captures cannot show: signature SKEYID, Ka edge cases, secrecy. */
class Phase1KeysTest {
    private final Prf sha1 = Prf.hmac(HashAlgorithm.SHA1);

    @Test
    void skeyidForSignaturesIsKeyedWithTheNonces() throws Exception {
        // RFC 2409 §5: SKEYID = prf(Ni_b | Nr_b, g^xy); the expectation uses the JCA's HMAC directly.
        Bytes ni = Bytes.fromHex("f4ceccd812fdfdf9674f9369736112eb");
        Bytes nr = Bytes.fromHex("fb7c39cb55d63f97cec87f8433b8cc4d");
        byte[] gxy = Bytes.fromHex("7624f27016e0da5a9f06c0ba4d427ac4").toArray();
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(ni.concat(nr).toArray(), "HmacSHA1"));
        assertArrayEquals(mac.doFinal(gxy), Phase1Keys.skeyidSignature(sha1, ni, nr, Secret.of(gxy)).reveal());
    }

    @Test
    void kaIsTheStartOfSkeyidEWhenThatIsLongEnough() {
        // RFC 2409 App. B: expansion only "when SKEYID_e is not long enough".
        Secret e = Secret.of(Bytes.fromHex("88b012c3bdd92cc5805f5a94884f7c126de030d5").toArray());
        assertEquals("88b012c3bdd92cc5805f5a94884f7c12", Phase1Keys.encryptionKey(sha1, e, 16).revealHex());
        assertEquals(e.revealHex(), Phase1Keys.encryptionKey(sha1, e, 20).revealHex());
    }

    @Test
    void aLongerKaExtendsTheShorterExpansion() {
        // Ka = K1 | K2 | K3 ...: taking more bytes never changes the first ones.
        Secret e = Secret.of(new byte[20]);
        byte[] k24 = Phase1Keys.encryptionKey(sha1, e, 24).reveal();
        byte[] k60 = Phase1Keys.encryptionKey(sha1, e, 60).reveal();
        assertEquals(60, k60.length);
        assertArrayEquals(k24, Arrays.copyOf(k60, 24));
        assertFalse(Arrays.equals(Arrays.copyOfRange(k60, 0, 20), Arrays.copyOfRange(k60, 20, 40)));
    }

    @Test
    void printsNoKeysAndDestroysThemAll() {
        Phase1Keys keys = Phase1Keys.derive(sha1, Secret.of(new byte[] {1, 2, 3}), Secret.of(new byte[] {4}),
                Bytes.of(new byte[8]), Bytes.of(new byte[8]), 24);
        String text = keys.toString();
        assertFalse(text.contains(keys.skeyidE().revealHex()), text);
        assertTrue(text.contains("Secret[20 bytes]"), text);
        keys.destroy();
        assertTrue(keys.isDestroyed());
        assertThrows(IllegalStateException.class, () -> keys.encryptionKey().reveal());
        assertThrows(IllegalStateException.class, () -> keys.skeyidA().reveal());
    }
}
