package org.ikd.esp;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.esp.mode.ModeFailure;
import org.ikd.esp.packet.Flow;
import org.ikd.esp.sad.LifetimeMeter;
import org.ikd.esp.sad.SaBundle;
import org.ikd.esp.sad.SecurityAssociation;
import org.ikd.esp.sad.SecurityAssociationDatabase;
import org.ikd.esp.sad.SecurityAssociationDatabase.InstalledPair;
import org.ikd.esp.spd.Spd;

/**
 * The data plane: the daemon's pumps call {@link #outbound} for each packet read from TUN and
 * {@link #inbound} for each ESP/AH packet received; IKE calls {@link #install}/{@link #remove};
 * a timer calls {@link #tick}; {@code ikdctl} reads {@link #statistics} and
 * {@link #securityAssociations}.
 *
 * <p>Threading contract:
 * <ul>
 * <li>Any number of pumps, each with its own {@link PacketBuffer} (one thread per buffer).
 * <li>The SPD is an immutable snapshot behind a volatile reference ({@link #replaceSpd}).
 * <li>The SAD is read lock-free; install/remove are serialized and rare.
 * <li>An outbound SA's sequence number is an atomic counter: several pumps may share the SA.
 * <li>An inbound SA's replay window is meant to be updated by one pump (pin inbound SPIs to
 *     pumps); it stays correct, only slower, if that is broken (see {@code ReplayWindow}).
 * <li>Each pump has its own JCA objects per SA (a slot array in each SA).
 * <li>Time comes from the injected clock; per-packet code never reads it. Time-based lifetimes
 *     are judged by {@link #tick}, which the daemon calls about once a second.
 * </ul>
 */
public final class DataPlane {
    /**
     * ICMP errors (path MTU) all pumps together may send between two {@link #tick}s, about a second:
     * RFC 1812 §4.3.2.8 and RFC 4443 §2.4(f) ask for a limit; Linux's default is of the same order.
     */
    public static final int ICMP_ERRORS_PER_TICK = 20;
    private final DataPlaneConfig config;
    private final LongSupplier nanoClock;
    private final SecurityAssociationDatabase sad = new SecurityAssociationDatabase();
    private final SecureRandom random = new SecureRandom();
    private final ArrayBlockingQueue<SaEvent> events;
    private final ConcurrentLinkedQueue<SaEvent> overflow = new ConcurrentLinkedQueue<>();
    private final List<PacketBuffer> buffers = new CopyOnWriteArrayList<>();
    private final AtomicLong keyAdditions = new AtomicLong();
    private final AtomicLong keyDeletions = new AtomicLong();
    private final AtomicLong rekeys = new AtomicLong();
    private final OutboundPath outboundPath = new OutboundPath(this);
    private final InboundPath inboundPath = new InboundPath(this);
    private final AtomicInteger icmpBudget = new AtomicInteger(ICMP_ERRORS_PER_TICK);
    private volatile ToIntFunction<InetAddress> pathMtuSource = peer -> 0;
    private volatile Spd spd = Spd.permitAll();
    private volatile Runnable eventSignal = () -> { };

    public DataPlane(DataPlaneConfig config, LongSupplier nanoClock) {
        this.config = config;
        this.nanoClock = nanoClock;
        this.events = new ArrayBlockingQueue<>(config.eventQueueCapacity());
    }

    /** A packet buffer for a new pump; at most {@code config.pumpSlots()} of them. */
    public synchronized PacketBuffer newPacketBuffer() {
        if (buffers.size() >= config.pumpSlots())
            throw new IllegalStateException("all " + config.pumpSlots() + " pump slots are taken");
        PacketBuffer b = new PacketBuffer(buffers.size(), config.tunnelTtl());
        buffers.add(b);
        return b;
    }

    /** Protects (or passes, blocks, acquires) a cleartext IP packet read from TUN. */
    public Verdict outbound(PacketBuffer pkt) {
        return outboundPath.process(pkt);
    }

    /**
     * After a TRANSMIT with {@link PacketBuffer#moreFragments()}: protects the next fragment of the
     * packet that did not fit the path (RFC 4301 §8.1); the verdict is as for {@link #outbound}.
     */
    public Verdict nextFragment(PacketBuffer pkt) {
        if (!pkt.moreFragments()) throw new IllegalStateException("no fragment is pending");
        return outboundPath.nextFragment(pkt);
    }

    /** Verifies and decapsulates a received ESP/AH packet (raw IP or the payload of UDP/4500). */
    public Verdict inbound(PacketBuffer pkt) {
        return inboundPath.process(pkt);
    }

    /** Installs a negotiated pair, inbound first, then outbound (make before break). */
    public void install(IpsecSaPair pair) {
        install(pair, true);
    }

    /**
     * Installs a pair; with {@code sendOnItNow} false, the older outbound SAs of the same rule keep
     * carrying its traffic until {@link #retireOutbound} (the rekey handover: the peer may not have
     * installed the new inbound SA yet).
     */
    public void install(IpsecSaPair pair, boolean sendOnItNow) {
        install(pair, sendOnItNow, false);
    }

    /**
     * As above; with {@code holdOutbound} the pair accepts at once but sends only from
     * {@link #startSending}: meanwhile its traffic finds no outbound SA and waits, as before the
     * negotiation (RFC 2409 §5.5: a Quick Mode responder may install only when HASH(3) arrives).
     */
    public void install(IpsecSaPair pair, boolean sendOnItNow, boolean holdOutbound) {
        long now = nanoClock.getAsLong();
        SaBundle in = bundle(pair, pair.inbound(), now);
        SaBundle out = bundle(pair, pair.outbound(), now);
        out.pathMtu(pathMtuSource.applyAsInt(out.outermost().spec().destination()));
        boolean rekey = sad.install(pair.id(), pair.ruleName(), in, out, sendOnItNow, holdOutbound);
        keyAdditions.addAndGet(in.size() + out.size());
        if (rekey) rekeys.incrementAndGet();
    }

    private SaBundle bundle(IpsecSaPair pair, IpsecSaBundle b, long now) {
        List<SecurityAssociation> sas = new ArrayList<>();
        for (IpsecSaSpec s : b.sas()) {
            byte[] ivKey = new byte[16];
            random.nextBytes(ivKey);
            sas.add(new SecurityAssociation(s, pair.id(), pair.ruleName(), config.pumpSlots(), now, ivKey));
            java.util.Arrays.fill(ivKey, (byte) 0);
        }
        return new SaBundle(sas, pair.id(), pair.ruleName(), b.direction());
    }

    /** Removes a pair (both directions) and zeroes its keys; false if it was not installed. */
    public boolean remove(long pairId) {
        InstalledPair p = sad.remove(pairId);
        if (p == null) return false;
        keyDeletions.addAndGet(p.inbound().size() + (p.outbound() == null ? 0 : p.outbound().size()));
        return true;
    }

    /** Ends the hold of a pair installed with {@code holdOutbound}: it sends from now on. */
    public boolean startSending(long pairId) {
        return sad.startSending(pairId);
    }

    /** After a rekey: stop sending on the old pair while its inbound SAs keep accepting. */
    public boolean retireOutbound(long pairId) {
        InstalledPair p = sad.retireOutbound(pairId);
        if (p == null) return false;
        keyDeletions.addAndGet(p.outbound().size());
        return true;
    }

    /**
     * Where the MTU of the path to an outer destination comes from (the daemon asks the kernel's
     * route): 0 or less means unknown, and packets are then sent whatever their size. Asked for each
     * outbound bundle when it is installed and again at every {@link #tick} (routes change), never
     * per packet. Must not block long: it runs on the installing thread and the timer.
     */
    public void pathMtuSource(ToIntFunction<InetAddress> source) {
        this.pathMtuSource = source;
        refreshPathMtu();
    }

    /** Asks the source once per peer (many rules may share a gateway). */
    private void refreshPathMtu() {
        ToIntFunction<InetAddress> source = pathMtuSource;
        Map<InetAddress, Integer> known = new java.util.HashMap<>();
        for (InstalledPair p : sad.pairs()) {
            SaBundle out = p.outbound();
            if (out != null) out.pathMtu(known.computeIfAbsent(out.outermost().spec().destination(), source::applyAsInt));
        }
    }

    /** One ICMP error may be sent now (the budget {@link #tick} refills); per packet, lock-free. */
    boolean takeIcmpToken() {
        return icmpBudget.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public void replaceSpd(Spd next) {
        this.spd = next;
    }

    public Spd spd() {
        return spd;
    }

    SecurityAssociationDatabase sad() {
        return sad;
    }

    /**
     * Judges time-based lifetimes at the injected clock's now; moves overflowed events to the queue;
     * refills the ICMP error budget and re-reads the path MTUs.
     */
    public void tick() {
        long now = nanoClock.getAsLong();
        for (InstalledPair p : sad.pairs()) {
            for (SaBundle b : new SaBundle[] {p.inbound(), p.outbound()}) {
                if (b == null) continue;
                for (SecurityAssociation sa : b.sas()) {
                    LifetimeMeter.Crossing c = sa.lifetime().checkTime(now);
                    if (c == LifetimeMeter.Crossing.SOFT) raise(sa, SaEvent.Kind.SOFT_LIFETIME_TIME);
                    if (c == LifetimeMeter.Crossing.HARD) expire(sa, SaEvent.Kind.HARD_LIFETIME_TIME);
                }
            }
        }
        for (SaEvent e = overflow.peek(); e != null && events.offer(e); e = overflow.peek()) overflow.poll();
        icmpBudget.set(ICMP_ERRORS_PER_TICK);
        refreshPathMtu();
    }

    /**
     * Called on the raising thread (a pump, or the caller of {@link #tick}) each time an event is
     * queued, so that a byte-lifetime crossing is acted on at once: at a few hundred Mbit/s the
     * 10 % between soft and hard byte limits lasts a fraction of a second, less than a tick.
     * Must not block; events are still queued when it throws nothing or is never set.
     */
    public void onEvent(Runnable signal) {
        this.eventSignal = signal;
    }

    /** The next rekey/expiry event, or null. Non-blocking. */
    public SaEvent pollEvent() {
        SaEvent e = events.poll();
        return e != null ? e : overflow.poll();
    }

    public int drainEvents(Consumer<SaEvent> sink) {
        int n = 0;
        for (SaEvent e = pollEvent(); e != null; e = pollEvent(), n++) sink.accept(e);
        return n;
    }

    void raise(SecurityAssociation sa, SaEvent.Kind kind) {
        SaEvent e = new SaEvent(kind, sa.pairId(), sa.ruleName(), sa.spec().direction(), sa.spec().spi());
        if (!events.offer(e)) overflow.add(e);          // once per SA and crossing: bounded by the SA count
        eventSignal.run();
    }

    private void expire(SecurityAssociation sa, SaEvent.Kind kind) {
        raise(sa, kind);
        remove(sa.pairId());
    }

    /**
     * Counts {@code bytes} on {@code sa}'s lifetime; false when the SA is (or just became) hard-expired
     * and must not carry the packet. Counts no drop: the caller decides whether the packet is dropped
     * (RFC 4301 §4.4.2.1: the hard limit ends the SA that reached it). At the crossing an outbound
     * SA's pair stops sending (its inbound side still accepts); any other SA's pair is removed.
     */
    boolean chargeLifetime(SecurityAssociation sa, int bytes) {
        LifetimeMeter.Crossing c = sa.lifetime().addBytes(bytes);
        if (c == LifetimeMeter.Crossing.NONE) return true;
        if (c == LifetimeMeter.Crossing.SOFT) {
            raise(sa, SaEvent.Kind.SOFT_LIFETIME_BYTES);
            return true;
        }
        if (c == LifetimeMeter.Crossing.HARD) {
            raise(sa, SaEvent.Kind.HARD_LIFETIME_BYTES);
            if (sa.spec().direction() != Direction.OUTBOUND || !retireOutbound(sa.pairId())) remove(sa.pairId());
        }
        return false;
    }

    /**
     * After {@link #chargeLifetime} refused outbound {@code sa} (its bundle's innermost SA, nothing
     * written yet): true when the pair's outbound side is retired and a newer bundle of its rule admits
     * {@code flow}, which then carries the packet (the rekey's handover ends at once instead of
     * dropping). Otherwise the pair is removed as at every hard expiry and the caller drops the
     * packet. The inbound side of a handed-over pair accepts until the daemon deletes the pair.
     */
    boolean handsOver(SecurityAssociation sa, Flow flow) {
        InstalledPair p = sad.pair(sa.pairId());
        if (p == null || p.outbound() != null) return false;
        if (sad.outbound(sa.ruleName(), flow) != null) return true;
        remove(sa.pairId());
        return false;
    }

    static DropReason reasonOf(int modeFailure) {
        switch (modeFailure) {
            case ModeFailure.NO_ROOM: return DropReason.NO_HEADROOM;
            case ModeFailure.TOO_BIG: return DropReason.TOO_BIG;
            case ModeFailure.UNSUPPORTED: return DropReason.UNSUPPORTED;
            case ModeFailure.AUTHENTICATION_FAILED: return DropReason.AUTHENTICATION_FAILED;
            case ModeFailure.DECRYPTION_FAILED: return DropReason.DECRYPTION_FAILED;
            case ModeFailure.DUMMY: return DropReason.DUMMY_PACKET;
            default: return DropReason.MALFORMED;
        }
    }

    /** Aggregated IPSEC_STATISTICS and drop counters. */
    public StatisticsSnapshot statistics() {
        Map<IpsecStatistic, Long> s = new EnumMap<>(IpsecStatistic.class);
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        for (IpsecStatistic k : IpsecStatistic.values()) s.put(k, 0L);
        for (PacketBuffer b : buffers) {
            for (IpsecStatistic k : IpsecStatistic.values()) s.merge(k, b.statistics[k.ordinal()], Long::sum);
            for (DropReason r : DropReason.values()) if (b.drops[r.ordinal()] > 0) d.merge(r, b.drops[r.ordinal()], Long::sum);
        }
        int active = 0;
        int tunnels = 0;
        for (InstalledPair p : sad.pairs()) {
            active += p.inbound().size() + (p.outbound() == null ? 0 : p.outbound().size());
            if (p.inbound().mode() == Mode.TUNNEL) tunnels++;
        }
        s.put(IpsecStatistic.ACTIVE_SAS, (long) active);
        s.put(IpsecStatistic.ACTIVE_TUNNELS, (long) tunnels);
        s.put(IpsecStatistic.KEY_ADDITIONS, keyAdditions.get());
        s.put(IpsecStatistic.KEY_DELETIONS, keyDeletions.get());
        s.put(IpsecStatistic.REKEYS, rekeys.get());
        return new StatisticsSnapshot(s, d);
    }

    /** Every installed SA, for {@code ikdctl show sa}. */
    public List<SaSnapshot> securityAssociations() {
        long now = nanoClock.getAsLong();
        List<SaSnapshot> out = new ArrayList<>();
        for (InstalledPair p : sad.pairs()) {
            for (SaBundle b : new SaBundle[] {p.inbound(), p.outbound()}) {
                if (b == null) continue;
                for (SecurityAssociation sa : b.sas()) out.add(snapshot(sa, now));
            }
        }
        return out;
    }

    private static SaSnapshot snapshot(SecurityAssociation sa, long now) {
        long[] c = sa.counters();
        LifetimeMeter l = sa.lifetime();
        boolean outbound = sa.spec().direction() == Direction.OUTBOUND;
        long seq = outbound ? sa.sequence().lastSent() : sa.replayWindow().highest();
        return new SaSnapshot(sa.pairId(), sa.ruleName(), sa.spec().spi(), sa.spec().direction(), sa.toString(),
                c[0], c[1], c[2], c[3], c[4], seq, l.remainingBytes(), l.remainingSeconds(now), l.ageSeconds(now),
                l.softReached());
    }
}
