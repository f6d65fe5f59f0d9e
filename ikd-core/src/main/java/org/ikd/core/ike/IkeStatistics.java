package org.ikd.core.ike;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.ikd.core.isakmp.doi.NotifyType;

/**
 * The engine's {@link IkeCounter}s, and its Invalid Packets by the RFC 2408 §3.14.1 notify type that
 * labels each drop. Written only by the engine on the IKE event loop (what the daemon does, it reports:
 * {@code IkeEngine.installFailed}, {@code softAssociation}), read from any thread (control socket, metrics).
 */
public final class IkeStatistics {
    private static final IkeCounter[] COUNTERS = IkeCounter.values();
    private final AtomicLongArray values = new AtomicLongArray(COUNTERS.length);
    private final Map<NotifyType, AtomicLong> invalidByType = new ConcurrentHashMap<>();

    public void increment(IkeCounter c) {
        values.incrementAndGet(c.ordinal());
    }

    public void add(IkeCounter c, long delta) {
        values.addAndGet(c.ordinal(), delta);
    }

    /** Sets a gauge. */
    public void set(IkeCounter c, long value) {
        if (!c.isGauge()) throw new IllegalArgumentException(c.label() + " is a counter, not a gauge");
        values.set(c.ordinal(), value);
    }

    public long get(IkeCounter c) {
        return values.get(c.ordinal());
    }

    /** One datagram dropped for what the peer sent: an Invalid Packet, labelled {@code type}. */
    public void invalidPacket(NotifyType type) {
        increment(IkeCounter.INVALID_PACKETS_RECEIVED);
        invalidByType.computeIfAbsent(type, t -> new AtomicLong()).incrementAndGet();
    }

    /** Invalid Packets by notify type name (e.g. {@code PAYLOAD_MALFORMED}), the types seen so far. */
    public Map<String, Long> invalidPacketsByType() {
        Map<String, Long> m = new TreeMap<>();
        invalidByType.forEach((t, n) -> m.put(t.name(), n.get()));
        return m;
    }

    /** Every counter, in {@code netsh} order. */
    public Map<IkeCounter, Long> snapshot() {
        Map<IkeCounter, Long> m = new EnumMap<>(IkeCounter.class);
        for (IkeCounter c : COUNTERS) m.put(c, values.get(c.ordinal()));
        return m;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (IkeCounter c : COUNTERS) b.append(c.label()).append(": ").append(get(c)).append('\n');
        return b.toString();
    }
}
