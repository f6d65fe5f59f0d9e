package org.ikd.esp;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;
import org.ikd.esp.spd.Spd;
import org.ikd.esp.spd.SpdRule;

/**
 * Two hosts, A = 198.18.0.1 (inner 198.18.10.0/24) and B = 198.18.0.2 (inner 198.18.20.0/24),
 * with SA pairs whose keys are fixed test patterns. A's outbound SA is B's inbound SA.
 */
public final class Fixtures {
    public static final String A = "198.18.0.1";
    public static final String B = "198.18.0.2";
    public static final String NET_A = "198.18.10.0/24";
    public static final String NET_B = "198.18.20.0/24";
    public static final String RULE = "a-to-b";
    /** The same two hosts over IPv6 (RFC 5180's 2001:2::/48), inner networks 2001:2:a::/64 and 2001:2:b::/64. */
    public static final String A6 = "2001:2::1";
    public static final String B6 = "2001:2::2";
    public static final String NET_A6 = "2001:2:a::/64";
    public static final String NET_B6 = "2001:2:b::/64";

    /**
     * One negotiated protection suite. {@code ah} adds an AH SA outside the ESP one (or alone if cipher is null);
     * {@code espEncryptionOnly}: the ESP SA of an AH bundle has no integrity of its own ({ ah = "sha1", esp = "3des" }).
     */
    public record Suite(EspCipher cipher, int keyBits, IntegrityAlgorithm integrity, boolean ah, Mode mode,
                        boolean udp, boolean esn, int window, SaLifetime lifetime, boolean espEncryptionOnly) {
        public Suite(EspCipher cipher, int keyBits, IntegrityAlgorithm integrity, boolean ah, Mode mode,
                     boolean udp, boolean esn, int window, SaLifetime lifetime) {
            this(cipher, keyBits, integrity, ah, mode, udp, esn, window, lifetime, false);
        }

        public static Suite esp(EspCipher c, int bits, IntegrityAlgorithm i, Mode mode) {
            return new Suite(c, bits, i, false, mode, false, false, 128, SaLifetime.UNLIMITED);
        }

        public static Suite ah(IntegrityAlgorithm i, Mode mode) {
            return new Suite(null, 0, i, true, mode, false, false, 128, SaLifetime.UNLIMITED);
        }

        /** AH with {@code i} outside an ESP SA that only encrypts with {@code c}. */
        public static Suite ahOverEncryptionOnly(IntegrityAlgorithm i, EspCipher c, int bits, Mode mode) {
            return new Suite(c, bits, i, true, mode, false, false, 128, SaLifetime.UNLIMITED, true);
        }

        public Suite withAh() { return new Suite(cipher, keyBits, integrity, true, mode, udp, esn, window, lifetime, espEncryptionOnly); }
        public Suite withUdp() { return new Suite(cipher, keyBits, integrity, ah, mode, true, esn, window, lifetime, espEncryptionOnly); }
        public Suite withEsn() { return new Suite(cipher, keyBits, integrity, ah, mode, udp, true, window, lifetime, espEncryptionOnly); }
        public Suite withWindow(int w) { return new Suite(cipher, keyBits, integrity, ah, mode, udp, esn, w, lifetime, espEncryptionOnly); }
        public Suite withLifetime(SaLifetime l) { return new Suite(cipher, keyBits, integrity, ah, mode, udp, esn, window, l, espEncryptionOnly); }

        /** ESP's integrity: none for GCM. */
        IntegrityAlgorithm espIntegrity() {
            return cipher != null && cipher.isAead() || espEncryptionOnly ? null : integrity;
        }

        public String name() {
            String c = cipher == null ? "" : cipher.keyword() + (cipher.variableKeyLength() ? keyBits : "")
                    + (espIntegrity() == null ? "" : "-" + integrity.keyword());
            return (ah ? "ah-" + integrity.keyword() + (cipher == null ? "" : "+") : "") + c + "-"
                    + mode.name().toLowerCase() + (udp ? "-udp" : "") + (esn ? "-esn" : "");
        }
    }

    private Fixtures() {}

    public static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** A key of {@code n} bytes: seed, seed+1, ... (fixed so tshark can be told it). */
    public static byte[] key(int n, int seed) {
        byte[] k = new byte[n];
        for (int i = 0; i < n; i++) k[i] = (byte) (seed + i * 7);
        return k;
    }

    public static int encryptionKeyLength(Suite s) {
        if (s.cipher() == null || s.cipher() == EspCipher.NULL) return 0;
        int bits = s.cipher().variableKeyLength() ? s.keyBits() : s.cipher().defaultKeyBits();
        return bits / 8 + s.cipher().saltLength();
    }

    /** The SAs of one direction (from -> to), innermost first. */
    public static IpsecSaBundle bundle(Suite s, Direction d, int espSpi, int ahSpi, String from, String to,
                                       Selector selector) {
        List<IpsecSaSpec> sas = new ArrayList<>();
        NatTraversal nat = s.udp() ? new NatTraversal(4500, 4500, null, null) : null;
        if (s.cipher() != null) {
            int ek = encryptionKeyLength(s);
            IntegrityAlgorithm i = s.espIntegrity();
            sas.add(new IpsecSaSpec(new Spi(espSpi), IpsecProtocol.ESP, d, s.mode(), s.cipher(), s.keyBits(), i,
                    ek == 0 ? null : Secret.of(key(ek, espSpi)), i == null ? null : Secret.of(key(i.keyLength(), espSpi + 1)),
                    ip(from), ip(to), selector, s.lifetime(), nat, s.esn(), s.window()));
        }
        if (s.ah()) {
            sas.add(new IpsecSaSpec(new Spi(ahSpi), IpsecProtocol.AH, d, s.mode(), null, 0, s.integrity(), null,
                    Secret.of(key(s.integrity().keyLength(), ahSpi + 1)), ip(from), ip(to), selector, s.lifetime(),
                    null, s.esn(), s.window()));
        }
        return new IpsecSaBundle(sas);
    }

    public static Selector aToB() {
        return Selector.between(Subnet.parse(NET_A), Subnet.parse(NET_B));
    }

    /** Host-to-host selector for transport mode. */
    public static Selector hostAToHostB() {
        return Selector.between(Subnet.parse(A), Subnet.parse(B));
    }

    /** A's selector: networks in tunnel mode, hosts in transport mode. */
    public static Selector selector(Suite s, boolean ipv6) {
        if (!ipv6) return s.mode() == Mode.TUNNEL ? aToB() : hostAToHostB();
        return s.mode() == Mode.TUNNEL ? Selector.between(Subnet.parse(NET_A6), Subnet.parse(NET_B6))
                : Selector.between(Subnet.parse(A6), Subnet.parse(B6));
    }

    /** The pair A installs: outbound A->B with spi base, inbound B->A with spi base+0x100. */
    public static IpsecSaPair pairOnA(long id, Suite s, int spiBase) {
        return pairOnA(id, s, spiBase, false);
    }

    public static IpsecSaPair pairOnA(long id, Suite s, int spiBase, boolean ipv6) {
        Selector sel = selector(s, ipv6);
        String a = ipv6 ? A6 : A;
        String b = ipv6 ? B6 : B;
        return new IpsecSaPair(id, RULE,
                bundle(s, Direction.INBOUND, spiBase + 0x100, spiBase + 0x180, b, a, sel.mirror()),
                bundle(s, Direction.OUTBOUND, spiBase, spiBase + 0x80, a, b, sel));
    }

    /** The pair B installs for the same negotiation. */
    public static IpsecSaPair pairOnB(long id, Suite s, int spiBase) {
        return pairOnB(id, s, spiBase, false);
    }

    public static IpsecSaPair pairOnB(long id, Suite s, int spiBase, boolean ipv6) {
        Selector sel = selector(s, ipv6);
        String a = ipv6 ? A6 : A;
        String b = ipv6 ? B6 : B;
        return new IpsecSaPair(id, "b-to-a",
                bundle(s, Direction.INBOUND, spiBase, spiBase + 0x80, a, b, sel),
                bundle(s, Direction.OUTBOUND, spiBase + 0x100, spiBase + 0x180, b, a, sel.mirror()));
    }

    public static Spd negotiateSpd(String rule, Selector selector) {
        return Spd.of(List.of(new SpdRule(rule, 1, List.of(selector, selector.mirror()), SpdRule.Action.NEGOTIATE,
                false, false)), SpdRule.Action.PERMIT);
    }

    /** A and B connected by one suite: A sends with {@link #aToB} (tunnel) or hosts (transport). */
    public static final class Link {
        public final AtomicLong clock = new AtomicLong(1_000_000_000L);
        public final DataPlane a = new DataPlane(DataPlaneConfig.defaults(), clock::get);
        public final DataPlane b = new DataPlane(DataPlaneConfig.defaults(), clock::get);
        public final PacketBuffer pa = a.newPacketBuffer();
        public final PacketBuffer pb = b.newPacketBuffer();
        public final Suite suite;

        public Link(Suite s) {
            this(s, 0x1000);
        }

        /** SPIs from {@code spiBase} (A's outbound ESP), +0x80 (A's outbound AH), +0x100/+0x180 (B's). */
        public Link(Suite s, int spiBase) {
            this(s, spiBase, false);
        }

        /** As above, between {@link #A6} and {@link #B6} when {@code ipv6}. */
        public Link(Suite s, int spiBase, boolean ipv6) {
            this.suite = s;
            a.install(pairOnA(1, s, spiBase, ipv6));
            b.install(pairOnB(1, s, spiBase, ipv6));
            Selector sel = selector(s, ipv6);
            a.replaceSpd(negotiateSpd(RULE, sel));
            b.replaceSpd(negotiateSpd("b-to-a", sel.mirror()));
        }

        /** Seals {@code packet} on A; returns the verdict (the wire bytes are in {@link #pa}). */
        public Verdict send(byte[] packet) {
            System.arraycopy(packet, 0, pa.array(), PacketBuffer.HEADROOM, packet.length);
            pa.loadIp(packet.length);
            return a.outbound(pa);
        }

        /** The bytes A put on the wire after TRANSMIT. */
        public byte[] wire() {
            return java.util.Arrays.copyOfRange(pa.array(), pa.offset(), pa.offset() + pa.length());
        }

        /** Hands wire bytes to B as received from a raw socket (or the 4500 socket if encapsulation is UDP). */
        public Verdict receive(byte[] wire, Encapsulation e) {
            System.arraycopy(wire, 0, pb.array(), PacketBuffer.HEADROOM, wire.length);
            pb.load(PacketBuffer.HEADROOM, wire.length, e);
            return b.inbound(pb);
        }

        public byte[] delivered() {
            return java.util.Arrays.copyOfRange(pb.array(), pb.offset(), pb.offset() + pb.length());
        }
    }
}
