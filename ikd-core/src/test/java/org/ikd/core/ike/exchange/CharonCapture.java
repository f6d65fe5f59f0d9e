package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.crypto.VectorFile;
import org.ikd.core.ike.Entropy;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.MainModeSettings;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.IpsecSaSpec;

/**
 * One charon-to-charon capture from vectors/strongswan (see its README): the messages, and a policy,
 * DH source and entropy that make ikd draw the random values the charon in the same role drew.
 */
final class CharonCapture {
    static final InetSocketAddress I = new InetSocketAddress("198.18.0.1", 500);
    static final InetSocketAddress R = new InetSocketAddress("198.18.0.2", 500);
    static final Subnet INNER_I = Subnet.parse("198.19.1.0/24");
    static final Subnet INNER_R = Subnet.parse("198.19.2.0/24");

    record Message(boolean fromInitiator, int port, Bytes bytes) {}

    /** Hands out the given byte strings in order, each to a request of its exact length. */
    static final class Scripted implements Entropy {
        final Deque<Bytes> queue = new ArrayDeque<>();

        @Override
        public void nextBytes(byte[] out) {
            Bytes next = queue.poll();
            if (next == null || next.length() != out.length)
                throw new AssertionError("unexpected draw of " + out.length + " bytes (scripted: " + next + ")");
            next.feed(b -> System.arraycopy(b, 0, out, 0, out.length));
        }

        Scripted then(Bytes b) {
            queue.add(b);
            return this;
        }
    }

    final String name;
    final VectorFile.Record v;

    CharonCapture(String name) {
        this.name = name;
        this.v = VectorFile.loadOne("vectors/strongswan/" + name + ".vec");
    }

    List<Message> messages() throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("vectors/strongswan/" + name + ".messages")) {
            List<Message> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                String[] f = line.trim().split("\\s+");
                out.add(new Message(f[0].equals("i>r"), Integer.parseInt(f[1]), Bytes.fromHex(f[2])));
            }
            return out;
        }
    }

    /** A 4-byte value where the engine draws 8 bytes and keeps the low 32 bits (SPIs, message IDs). */
    static Bytes low32(Bytes four) {
        return Bytes.concat(Bytes.fromHex("00000000"), four);
    }

    boolean pfs() {
        return v.has("qm_dh_group");
    }

    /** The DH values of the charon in role {@code initiator}: phase 1 first, then the PFS exchange. */
    DhSource dh(boolean initiator) {
        String ours = initiator ? "xi" : "xr";
        String theirs = initiator ? "xr" : "xi";
        int[] calls = {0};
        return group -> {
            String prefix = calls[0]++ == 0 ? "" : "qm_";
            return new DhPrivate() {
                @Override public DhGroupId group() { return group; }
                @Override public Bytes publicValue() { return v.bytes(prefix + "g_" + ours); }
                @Override public Secret agree(Bytes peer) {
                    assertEquals(v.bytes(prefix + "g_" + theirs), peer, "the peer's " + prefix + "KE");
                    return v.secret(prefix + "g_xy");
                }
                @Override public void destroy() { }
            };
        };
    }

    /** The swanctl.conf of the capture as an ikd policy for one role. */
    Policy policy(boolean initiator) {
        Selector inner = initiator ? Selector.between(INNER_I, INNER_R) : Selector.between(INNER_R, INNER_I);
        EspCipher cipher = EspCipher.byId(v.integer("esp_transform_id")).orElseThrow();
        int bits = v.has("esp_key_bits") ? v.integer("esp_key_bits") : cipher.defaultKeyBits();
        IntegrityAlgorithm integrity = v.has("esp_auth_alg") ? IntegrityAlgorithm.byId(v.integer("esp_auth_alg")).orElseThrow() : null;
        SecurityMethod esp = new SecurityMethod(cipher, bits, integrity, null, v.integer("esp_lifetime_s"), 0);
        DhGroupId pfs = pfs() ? DhGroupId.byId(v.integer("qm_dh_group")).orElseThrow() : null;
        Rule r = new Rule("vector", new FilterList("inner", List.of(new Filter(inner, true))),
                new FilterAction.Negotiate("esp", List.of(esp), pfs != null, pfs, false, false),
                List.of(new AuthenticationMethod.PreSharedKey(v.secret("psk"), "vector")),
                (initiator ? R : I).getAddress(), (initiator ? I : R).getAddress(), false);
        MainModeMethod mm = new MainModeMethod(Phase1Cipher.byId(v.integer("encr_id")).orElseThrow(), v.integer("encr_key_bits"),
                HashAlgorithm.byId(v.integer("hash_id")).orElseThrow(), DhGroupId.byId(v.integer("dh_group")).orElseThrow());
        return new Policy("vector", new MainModeSettings(List.of(mm), v.integer("ike_lifetime_s"), false, 0), List.of(r));
    }

    /** KEYMAT of one direction as charon logged it ("i_to_r" or "r_to_i"). */
    void keysMatch(IpsecSaSpec sa, String direction) {
        assertArrayEquals(v.array("keymat_" + direction + "_encr"), sa.encryptionKey().reveal(), direction + " encryption key");
        if (v.bytes("keymat_" + direction + "_integ").isEmpty()) assertNull(sa.integrityKey());
        else assertArrayEquals(v.array("keymat_" + direction + "_integ"), sa.integrityKey().reveal(), direction + " integrity key");
    }

    @Override
    public String toString() {
        return name;
    }
}
