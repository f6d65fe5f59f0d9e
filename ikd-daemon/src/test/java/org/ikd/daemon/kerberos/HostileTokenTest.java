package org.ikd.daemon.kerberos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.Random;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSManager;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.gss.GssFailure;
import org.junit.jupiter.api.Test;

/**
 * What a peer puts in a GSS payload reaches JGSS's token parser on the IKE event loop: whatever it
 * is, the answer is a {@link GssFailure} (the exchange turns it into a counted refusal), never
 * another exception. The tokens start from RFC 2743 §3.1's framing of a Kerberos AP-REQ
 * (application tag 0x60, the OID 1.2.840.113554.1.2.2, TOK_ID 01 00 of RFC 1964 §1.1) and are
 * cut and mutated with a fixed seed.
 */
class HostileTokenTest {
    private static final byte[] FRAMED = HexFormat.of().parseHex("6082011006092a864886f71201020201006e820100308200fca003020105a10302010e");

    private static JgssContext acceptor() throws Exception {
        GSSManager m = GSSManager.getInstance();
        GSSContext c = m.createContext((GSSCredential) null);      // no keys: parsing comes first
        return new JgssContext(c);
    }

    @Test
    void garbageAndMutatedApReqsAreRefusalsNeverExceptions() throws Exception {
        Random random = new Random(19);
        for (int i = 0; i < 2000; i++) {
            byte[] token;
            if (i % 3 == 0) {
                token = new byte[1 + random.nextInt(300)];
                random.nextBytes(token);
            } else {
                token = java.util.Arrays.copyOf(FRAMED, 1 + random.nextInt(FRAMED.length + 40));
                for (int flips = random.nextInt(4); flips > 0; flips--) token[random.nextInt(token.length)] = (byte) random.nextInt(256);
            }
            JgssContext c = acceptor();
            byte[] t = token;
            assertThrows(GssFailure.class, () -> c.step(Bytes.of(t)), () -> "token " + HexFormat.of().formatHex(t));
            assertFalse(c.established());
            c.dispose();
        }
    }
}
