package org.ikd.esp.sad;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.NatTraversal;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.spd.TrafficMatcher;
import org.ikd.esp.transform.AhTransform;
import org.ikd.esp.transform.CbcHmacEsp;
import org.ikd.esp.transform.EspTransform;
import org.ikd.esp.transform.GcmEsp;

/**
 * One installed SA, one direction (RFC 4301 §4.4.2.1): its negotiated parameters, its
 * sequence counter (outbound) or replay window (inbound), its lifetime meter and one
 * {@link SaSlot} per pump.
 *
 * <p>Threading: the slots array gives each pump its own JCA objects ("one Cipher per SA per
 * thread"): a pump indexes it with its slot number, which costs one array read, where a
 * ThreadLocal would cost a hash probe per packet and would keep expanded keys reachable from
 * every thread's map after the SA is gone (docs/esp.md has the JMH numbers). Slots are created
 * lazily under this object's lock, which {@link #destroy} also takes, so no slot is ever built
 * from a key that is being zeroed.
 */
public final class SecurityAssociation {
    private final IpsecSaSpec spec;
    private final long pairId;
    private final String ruleName;
    private final TrafficMatcher selector;
    private final boolean ipv6;
    private final int sourceV4;
    private final int destinationV4;
    private final long destinationHigh;
    private final long destinationLow;
    private final byte[] sourceBytes;
    private final byte[] destinationBytes;
    private final long natOaSource;
    private final long natOaDestination;
    private final java.util.concurrent.atomic.AtomicBoolean exhaustionReported = new java.util.concurrent.atomic.AtomicBoolean();
    private final SequenceCounter sequence;
    private final ReplayWindow replay;
    private final LifetimeMeter lifetime;
    private final AtomicReferenceArray<SaSlot> slots;
    private final byte[] ivKey;
    private volatile boolean removed;
    private SaBundle bundle;

    /** {@code ivKey}: 16 random bytes (used by outbound CBC SAs, see {@link CbcHmacEsp}). */
    public SecurityAssociation(IpsecSaSpec spec, long pairId, String ruleName, int pumpSlots, long nowNanos, byte[] ivKey) {
        checkKeys(spec);
        this.spec = spec;
        this.pairId = pairId;
        this.ruleName = ruleName;
        this.selector = new TrafficMatcher(spec.selector());
        byte[] src = spec.source().getAddress();
        byte[] dst = spec.destination().getAddress();
        if (src.length != dst.length) throw new IllegalArgumentException("SA endpoints mix IPv4 and IPv6: " + spec);
        this.ipv6 = dst.length == 16;
        this.sourceV4 = ipv6 ? 0 : NetworkOrder.i32(src, 0);
        this.destinationV4 = ipv6 ? 0 : NetworkOrder.i32(dst, 0);
        this.destinationHigh = ipv6 ? NetworkOrder.i64(dst, 0) : 0;
        this.destinationLow = ipv6 ? NetworkOrder.i64(dst, 8) : 0;
        this.sourceBytes = src;
        this.destinationBytes = dst;
        NatTraversal nat = spec.natTraversal();
        this.natOaSource = nat == null || nat.originalSource() == null || ipv6 ? -1 : NetworkOrder.u32(nat.originalSource().getAddress(), 0);
        this.natOaDestination = nat == null || nat.originalDestination() == null || ipv6 ? -1
                : NetworkOrder.u32(nat.originalDestination().getAddress(), 0);
        boolean outbound = spec.direction() == Direction.OUTBOUND;
        this.sequence = outbound ? new SequenceCounter(spec.extendedSequenceNumbers()) : null;
        this.replay = outbound ? null : new ReplayWindow(spec.replayWindow(), spec.extendedSequenceNumbers());
        this.lifetime = new LifetimeMeter(spec.lifetime(), nowNanos);
        this.slots = new AtomicReferenceArray<>(pumpSlots);
        this.ivKey = ivKey.clone();
    }

    private static void checkKeys(IpsecSaSpec s) {
        EspCipher c = s.cipher();
        if (c != null && c != EspCipher.NULL) {
            int bits = c.variableKeyLength() ? s.cipherKeyBits() : c.defaultKeyBits();
            if (!c.acceptsKeyBits(bits)) throw new IllegalArgumentException(s + ": " + bits + "-bit key not allowed");
            int expected = bits / 8 + c.saltLength();          // RFC 4106 §8.1: GCM's salt follows the key
            if (s.encryptionKey() == null || s.encryptionKey().length() != expected)
                throw new IllegalArgumentException(s + ": encryption key must be " + expected + " bytes");
        }
        if (s.integrity() != null && (s.integrityKey() == null || s.integrityKey().length() != s.integrity().keyLength()))
            throw new IllegalArgumentException(s + ": integrity key must be " + s.integrity().keyLength() + " bytes");
    }

    /**
     * This pump's slot, created on first use; null once the SA is removed. {@code scratch} is the
     * pump's scratch array (inbound CBC decrypts into it, see {@link CbcHmacEsp}).
     */
    public SaSlot slot(int index, byte[] scratch) {
        SaSlot s = slots.get(index);
        return s != null ? s : createSlot(index, scratch);
    }

    private synchronized SaSlot createSlot(int index, byte[] scratch) {
        if (removed) return null;
        SaSlot s = slots.get(index);
        if (s != null) return s;
        s = spec.protocol() == IpsecProtocol.AH
                ? new SaSlot(null, spec.integrityKey().apply(k -> new AhTransform(spec.integrity(), k, esn(), ipv6)))
                : new SaSlot(newEspTransform(scratch), null);
        slots.set(index, s);
        return s;
    }

    private EspTransform newEspTransform(byte[] scratch) {
        boolean out = spec.direction() == Direction.OUTBOUND;
        if (spec.cipher().isAead()) return spec.encryptionKey().apply(k -> new GcmEsp(k, esn()));
        if (spec.integrity() == null)                   // confidentiality only, in a bundle with AH
            return spec.encryptionKey().apply(ek -> new CbcHmacEsp(spec.cipher(), ek, null, null, esn(), out, ivKey, scratch));
        return spec.integrityKey().apply(ik -> spec.cipher() == EspCipher.NULL
                ? new CbcHmacEsp(EspCipher.NULL, null, spec.integrity(), ik, esn(), out, null, null)
                : spec.encryptionKey().apply(ek -> new CbcHmacEsp(spec.cipher(), ek, spec.integrity(), ik, esn(), out, ivKey,
                        scratch)));
    }

    /** Marks the SA removed and zeroes its keys; pumps stop creating slots for it. */
    public synchronized void destroy() {
        removed = true;
        spec.destroyKeys();
        Arrays.fill(ivKey, (byte) 0);
    }

    public boolean removed() { return removed; }
    public IpsecSaSpec spec() { return spec; }
    public int spi() { return spec.spi().value(); }
    public long pairId() { return pairId; }
    public String ruleName() { return ruleName; }
    public TrafficMatcher selector() { return selector; }
    public boolean isIpv6() { return ipv6; }
    public boolean isEsp() { return spec.protocol() == IpsecProtocol.ESP; }
    public boolean esn() { return spec.extendedSequenceNumbers(); }
    public boolean encrypts() { return spec.cipher() != null && spec.cipher() != EspCipher.NULL; }
    public int sourceV4() { return sourceV4; }
    public int destinationV4() { return destinationV4; }
    public long destinationHigh() { return destinationHigh; }
    public long destinationLow() { return destinationLow; }
    /** The outer source address bytes; callers must not modify them. */
    public byte[] sourceBytes() { return sourceBytes; }
    public byte[] destinationBytes() { return destinationBytes; }
    /** RFC 3947 §5.2 NAT-OA: the sender's original source, as an unsigned IPv4 value, or -1. */
    public long natOaSource() { return natOaSource; }
    public long natOaDestination() { return natOaDestination; }
    /** True the first time only: the rekey request for sequence exhaustion is raised once. */
    public boolean reportExhaustionOnce() { return exhaustionReported.compareAndSet(false, true); }
    /** Outbound only. */
    public SequenceCounter sequence() { return sequence; }
    /** Inbound only. */
    public ReplayWindow replayWindow() { return replay; }
    public LifetimeMeter lifetime() { return lifetime; }
    public SaBundle bundle() { return bundle; }

    void joinBundle(SaBundle b) {
        this.bundle = b;
    }

    /** Sums the per-pump counters: {packets, bytes, replay, authentication, decryption}. */
    public long[] counters() {
        long[] c = new long[5];
        for (int i = 0; i < slots.length(); i++) {
            SaSlot s = slots.get(i);
            if (s == null) continue;
            c[0] += s.packets;
            c[1] += s.bytes;
            c[2] += s.replayDrops;
            c[3] += s.authenticationFailures;
            c[4] += s.decryptionFailures;
        }
        return c;
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
