package org.ikd.daemon;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.ikd.core.policy.Selector;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.esp.SaSnapshot;

/**
 * The SA pairs the daemon installed in the data plane, with what the data plane does not keep:
 * the Main Mode that keyed each, its peer, and what to negotiate again when it asks for a rekey.
 * Written on the IKE event loop, read from control and timer threads. The pairs are also indexed
 * by the traffic they carry (rule, peer, outbound selector), so that finding the pairs a fresh one
 * replaces costs one map look-up, not a scan of every pair (1,000 peers on one rule).
 */
final class InstalledPairs {
    /**
     * @param mainModeId the ISAKMP SA's serial, 0 when unknown
     * @param again      the acquire that renews this pair (RFC 2409 §5.5: a new Quick Mode)
     * @param initiator  we initiated the Main Mode that keyed it: we renew it first, the responder
     *                   waits a little so that both sides do not rekey at once
     */
    record Installed(IpsecSaPair pair, long mainModeId, InetAddress peer, AcquireRequest again, boolean pfs,
                     boolean initiator, long installedAtNanos) {
        String rule() {
            return pair.ruleName();
        }

        /** Same rule, peer and outbound selector: the two pairs carry the same traffic. */
        boolean sameTraffic(Installed other) {
            return rule().equals(other.rule()) && peer.equals(other.peer)
                    && pair.outbound().outermost().selector().equals(other.pair().outbound().outermost().selector());
        }

        Traffic traffic() {
            return new Traffic(rule(), peer, pair.outbound().outermost().selector());
        }
    }

    /** What {@link Installed#sameTraffic} compares: the key of the index. */
    record Traffic(String rule, InetAddress peer, Selector selector) {}

    private final Map<Long, Installed> pairs = new ConcurrentHashMap<>();
    /** The pairs of each traffic by id; a key goes when its last pair does (atomically, per key). */
    private final Map<Traffic, ConcurrentSkipListMap<Long, Installed>> byTraffic = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> rekeying = new ConcurrentHashMap<>();
    /** Pairs a rekey collision made redundant, deleted shortly ({@link RekeyCollisions}). */
    private final Map<Long, Boolean> dropping = new ConcurrentHashMap<>();
    /** The last counters of outbound SAs retired by a rekey, so that {@code show qm} still reports what they carried. */
    private final Map<Long, SaSnapshot> retiredOutbound = new ConcurrentHashMap<>();
    /** Pairs whose outbound side a rekey retired (the handover is over). */
    private final Map<Long, Boolean> handedOver = new ConcurrentHashMap<>();
    /** For each pair, what it renewed: {@link #renewing} when it was installed. */
    private final Map<Long, Set<Long>> renewed = new ConcurrentHashMap<>();

    void add(Installed i) {
        renewed.put(i.pair().id(), renewing(i));
        Installed old = pairs.put(i.pair().id(), i);
        if (old != null) unindex(old);
        byTraffic.compute(i.traffic(), (k, v) -> {
            ConcurrentSkipListMap<Long, Installed> m = v == null ? new ConcurrentSkipListMap<>() : v;
            m.put(i.pair().id(), i);
            return m;
        });
    }

    Installed remove(long pairId) {
        rekeying.remove(pairId);
        dropping.remove(pairId);
        retiredOutbound.remove(pairId);
        handedOver.remove(pairId);
        renewed.remove(pairId);
        Installed old = pairs.remove(pairId);
        if (old != null) unindex(old);
        return old;
    }

    private void unindex(Installed i) {
        byTraffic.computeIfPresent(i.traffic(), (k, v) -> {
            v.remove(i.pair().id(), i);
            return v.isEmpty() ? null : v;
        });
    }

    /** The rekey handover of {@code pairId} is over: its outbound side no longer carries traffic. */
    void handedOver(long pairId) {
        if (pairs.containsKey(pairId)) handedOver.put(pairId, Boolean.TRUE);
    }

    /**
     * The pairs {@code fresh} renews: the older live pairs of its traffic still sending (not
     * handed over to a newer pair, not dropped by a collision). Empty for the first pair.
     */
    Set<Long> renewing(Installed fresh) {
        ConcurrentSkipListMap<Long, Installed> same = byTraffic.get(fresh.traffic());
        Set<Long> out = new HashSet<>();
        if (same != null)
            for (Long id : same.headMap(fresh.pair().id(), false).keySet())
                if (!dropping.containsKey(id) && !handedOver.containsKey(id)) out.add(id);
        return out;
    }

    /** What {@code pairId} renewed when it was installed ({@link #renewing}); empty when unknown. */
    Set<Long> renewedBy(long pairId) {
        return renewed.getOrDefault(pairId, Set.of());
    }

    void retired(SaSnapshot lastOutbound) {
        retiredOutbound.put(lastOutbound.pairId(), lastOutbound);
    }

    /** The final outbound counters of a pair whose outbound side a rekey retired; null otherwise. */
    SaSnapshot retiredOutbound(long pairId) {
        return retiredOutbound.get(pairId);
    }

    Installed find(long pairId) {
        return pairs.get(pairId);
    }

    List<Installed> all() {
        List<Installed> out = new ArrayList<>(pairs.values());
        out.sort((a, b) -> Long.compare(a.pair().id(), b.pair().id()));
        return out;
    }

    /** Marks a pair a rekey collision made redundant: it is not renewed and no longer counts as a sibling. */
    void dropping(long pairId) {
        dropping.put(pairId, Boolean.TRUE);
    }

    /** The pairs not on their way out through a rekey collision. */
    List<Installed> live() {
        List<Installed> out = new ArrayList<>();
        for (Installed i : pairs.values()) if (!dropping.containsKey(i.pair().id())) out.add(i);
        return out;
    }

    /**
     * The live pairs (see {@link #live}) that carry the same traffic as {@code fresh}, {@code fresh}
     * included if installed: what {@link RekeyCollisions#of} looks at, without a scan of every pair.
     */
    List<Installed> liveSameTraffic(Installed fresh) {
        ConcurrentSkipListMap<Long, Installed> same = byTraffic.get(fresh.traffic());
        List<Installed> out = new ArrayList<>();
        if (same != null) for (Installed i : same.values()) if (!dropping.containsKey(i.pair().id())) out.add(i);
        return out;
    }

    /** Marks a pair whose soft lifetime passed; false if it was already marked (one rekey per pair). */
    boolean startRekey(long pairId) {
        return pairs.containsKey(pairId) && !dropping.containsKey(pairId) && rekeying.putIfAbsent(pairId, Boolean.TRUE) == null;
    }

    /**
     * The older pairs that {@code fresh} replaces (same traffic), whoever started the rekey: their
     * outbound side retires, their inbound side keeps accepting until it expires.
     */
    List<Installed> replacedBy(Installed fresh) {
        ConcurrentSkipListMap<Long, Installed> same = byTraffic.get(fresh.traffic());
        return same == null ? new ArrayList<>() : new ArrayList<>(same.headMap(fresh.pair().id(), false).values());
    }

    /** True when a newer pair carries the same traffic: {@code i} needs no rekey of ours. */
    boolean hasNewer(Installed i) {
        ConcurrentSkipListMap<Long, Installed> same = byTraffic.get(i.traffic());
        if (same == null) return false;
        for (Long id : same.tailMap(i.pair().id(), false).keySet())
            if (!dropping.containsKey(id)) return true;
        return false;
    }

    int size() {
        return pairs.size();
    }
}
