package org.ikd.esp.sad;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ikd.esp.packet.Flow;

/**
 * The SAD (RFC 4301 §4.4.2): inbound SAs by SPI (the caller then checks the destination),
 * outbound bundles by SPD rule and flow (newest first, so a rekeyed SA takes over at once).
 *
 * <p>Threading: lookups are lock-free (a volatile SPI table, a concurrent map of per-rule
 * {@link OutboundIndex}es); install and remove are serialized on this object and are rare.
 */
public final class SecurityAssociationDatabase {
    /** An installed pair; {@code outbound} is null once retired. */
    public record InstalledPair(long id, String ruleName, SaBundle inbound, SaBundle outbound) {}

    private final SpiTable inbound = new SpiTable();
    private final Map<String, OutboundIndex> outbound = new ConcurrentHashMap<>();
    private final Map<Long, InstalledPair> pairs = new ConcurrentHashMap<>();

    /**
     * Installs the inbound bundle first, then the outbound one (make before break). Returns true
     * when the outbound bundle replaces a live one for the same rule and selector (a rekey).
     */
    /** Pairs installed with their outbound bundle held back (not in the index yet). */
    private final java.util.Set<Long> held = new java.util.HashSet<>();

    public synchronized boolean install(long id, String ruleName, SaBundle in, SaBundle out) {
        return install(id, ruleName, in, out, true);
    }

    /**
     * Installs a pair; with {@code sendOnItNow} false its outbound bundle goes behind the older
     * bundles of the rule, which keep carrying the traffic until they retire (a rekey's handover).
     */
    public synchronized boolean install(long id, String ruleName, SaBundle in, SaBundle out, boolean sendOnItNow) {
        return install(id, ruleName, in, out, sendOnItNow, false);
    }

    /**
     * As above; with {@code holdOutbound} only the inbound bundle is in force, and packets find no
     * outbound SA (they wait in the daemon's acquire queue) until {@link #startSending}: the Quick
     * Mode initiator's hold while a peer that installs on HASH(3) may not have its inbound SA yet.
     */
    public synchronized boolean install(long id, String ruleName, SaBundle in, SaBundle out, boolean sendOnItNow, boolean holdOutbound) {
        if (pairs.containsKey(id)) throw new IllegalArgumentException("SA pair " + id + " is already installed");
        for (int i = 0; i < in.size(); i++)
            if (inbound.get(in.get(i).spi()) != null)
                throw new IllegalArgumentException("inbound SPI " + in.get(i).spec().spi() + " is already in use");
        for (int i = 0; i < in.size(); i++) inbound.put(in.get(i));
        boolean rekey = !holdOutbound && outbound.computeIfAbsent(ruleName, r -> new OutboundIndex()).add(out, sendOnItNow);
        if (holdOutbound) held.add(id);
        pairs.put(id, new InstalledPair(id, ruleName, in, out));
        return rekey;
    }

    /** Ends an install's hold: the outbound bundle carries its traffic from now on; false when there was none. */
    public synchronized boolean startSending(long id) {
        InstalledPair p = pairs.get(id);
        if (!held.remove(id) || p == null || p.outbound() == null) return false;
        outbound.computeIfAbsent(p.ruleName(), r -> new OutboundIndex()).add(p.outbound(), true);
        return true;
    }

    /** Removes both bundles of a pair and zeroes their keys; returns the pair or null. */
    public synchronized InstalledPair remove(long id) {
        InstalledPair p = pairs.remove(id);
        if (p == null) return null;
        for (int i = 0; i < p.inbound().size(); i++) inbound.remove(p.inbound().get(i).spi());
        p.inbound().markRemoved();
        if (p.outbound() != null) dropOutbound(p);
        return p;
    }

    /** Stops using a pair's outbound bundle (after a rekey) while its inbound SAs still accept. */
    public synchronized InstalledPair retireOutbound(long id) {
        InstalledPair p = pairs.get(id);
        if (p == null || p.outbound() == null) return null;
        dropOutbound(p);
        pairs.put(id, new InstalledPair(id, p.ruleName(), p.inbound(), null));
        return p;
    }

    private void dropOutbound(InstalledPair p) {
        held.remove(p.id());
        OutboundIndex index = outbound.get(p.ruleName());
        if (index != null) {
            index.remove(p.outbound());
            if (index.isEmpty()) outbound.remove(p.ruleName());
        }
        p.outbound().markRemoved();
    }

    public SecurityAssociation inbound(int spi) {
        return inbound.get(spi);
    }

    /** The newest outbound bundle of {@code ruleName} whose selector admits the flow, or null. */
    public SaBundle outbound(String ruleName, Flow flow) {
        OutboundIndex index = outbound.get(ruleName);
        return index == null ? null : index.lookup(flow);
    }

    public InstalledPair pair(long id) {
        return pairs.get(id);
    }

    public Collection<InstalledPair> pairs() {
        return List.copyOf(pairs.values());
    }

    public int inboundCount() {
        return inbound.size();
    }
}
