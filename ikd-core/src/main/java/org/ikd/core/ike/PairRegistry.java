package org.ikd.core.ike;

import org.ikd.core.ike.ipsec.PairState;
import org.ikd.core.ike.ipsec.Crossing;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.ikd.core.policy.Selector;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;

/**
 * The IPsec SA pairs the engine negotiated and has not seen deleted, each with its {@link PairState}.
 * IKEv1 IPsec SAs outlive the ISAKMP SA that made them, so they are kept here rather than on it.
 * Inbound SPIs go back to the {@link SpiAllocator} when a pair is removed. Indexed by peer (INITIAL-CONTACT,
 * DPD, deletes: 2,000 pairs with 1,000 peers) and by traffic (rule, peer, outbound selector: what a
 * rekey replaces), so neither needs a scan of every pair. Confined to the IKE event loop.
 */
public final class PairRegistry {
    /** Rule, peer and outbound selector: pairs with the same traffic replace each other. */
    record Traffic(String rule, InetAddress peer, Selector selector) {}

    /** One pair, its peer and where it is in its life; mutable, on the IKE event loop only. */
    public static final class Entry {
        private final IpsecSaPair pair;
        private final InetAddress peer;
        PairState state;
        long keyedBy;
        boolean mainModeInitiator = true;
        String peerVendor;
        Instant installedAt = Instant.EPOCH;
        /** The pairs of its traffic that were still sending when it was installed: what it renews. */
        Set<Long> renewed = Set.of();
        /** The crossing that set its renewal going. */
        Crossing rekeyOn;
        /** Why a pending {@code PAIR_DELETE} timer deletes it. */
        String deleteWhy;

        Entry(IpsecSaPair pair, InetAddress peer, PairState state) {
            this.pair = pair;
            this.peer = peer;
            this.state = state;
        }

        public IpsecSaPair pair() { return pair; }

        public InetAddress peer() { return peer; }

        public PairState state() { return state; }

        /** The serial of the ISAKMP SA that keyed it, 0 when unknown. */
        public long keyedBy() { return keyedBy; }

        /** We initiated the Main Mode that keyed it: we renew it first (RFC 2409 §5.5 leaves it open). */
        public boolean mainModeInitiator() { return mainModeInitiator; }

        public String rule() { return pair.ruleName(); }

        /** RFC 2409 §5.5: a new Quick Mode for the same traffic renews it. */
        public AcquireRequest again() {
            IpsecSaSpec out = pair.outbound().outermost();
            return new AcquireRequest(pair.ruleName(), out.selector(), out.source(), out.destination());
        }

        Traffic traffic() {
            return new Traffic(pair.ruleName(), peer, pair.outbound().outermost().selector());
        }

        @Override
        public String toString() {
            return "pair " + pair.id() + " (" + state + ")";
        }
    }

    private final Map<Long, Entry> pairs = new LinkedHashMap<>();
    private final Map<InetAddress, Map<Long, Entry>> byPeer = new HashMap<>();
    private final Map<Traffic, TreeMap<Long, Entry>> byTraffic = new HashMap<>();
    private final SpiAllocator spis;
    private LongPredicate inboundSeen = pairId -> false;

    public PairRegistry(SpiAllocator spis) {
        this.spis = spis;
    }

    public SpiAllocator spis() {
        return spis;
    }

    /**
     * Tells the engine whether ESP arrived on a pair's inbound SAs, which only the data plane knows
     * (by default: never). Asked once per Quick Mode whose HASH(3) never came.
     */
    public void watchInbound(LongPredicate seen) {
        this.inboundSeen = Objects.requireNonNull(seen, "seen");
    }

    boolean inboundSeen(long pairId) {
        return inboundSeen.test(pairId);
    }

    /** Adds a pair the data plane carries (an exchange's, or a test's), {@link PairState#INSTALLED} until the machine says more. */
    public Entry add(IpsecSaPair pair, InetAddress peer) {
        Entry e = new Entry(pair, peer, PairState.INSTALLED);
        Entry old = pairs.put(pair.id(), e);
        if (old != null) unindex(old);
        byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>()).put(pair.id(), e);
        byTraffic.computeIfAbsent(e.traffic(), t -> new TreeMap<>()).put(pair.id(), e);
        return e;
    }

    private void unindex(Entry e) {
        Map<Long, Entry> m = byPeer.get(e.peer());
        if (m != null && m.remove(e.pair().id()) != null && m.isEmpty()) byPeer.remove(e.peer());
        TreeMap<Long, Entry> t = byTraffic.get(e.traffic());
        if (t != null && t.remove(e.pair().id()) != null && t.isEmpty()) byTraffic.remove(e.traffic());
    }

    public Entry find(long id) {
        return pairs.get(id);
    }

    /** The pair whose outbound SA of {@code protocol} has {@code spi}: what a peer's Delete names (its inbound SPI). */
    public Entry byOutboundSpi(IpsecProtocol protocol, int spi, InetAddress peer) {
        for (Entry e : byPeer.getOrDefault(peer, Map.of()).values())
            for (IpsecSaSpec s : e.pair().outbound().sas())
                if (s.protocol() == protocol && s.spi().value() == spi) return e;
        return null;
    }

    public List<Entry> withPeer(InetAddress peer) {
        return new ArrayList<>(byPeer.getOrDefault(peer, Map.of()).values());
    }

    /** The pairs with the same traffic as {@code e}, {@code e} included, oldest (lowest id) first. */
    List<Entry> sameTraffic(Entry e) {
        return new ArrayList<>(byTraffic.getOrDefault(e.traffic(), new TreeMap<>()).values());
    }

    public List<Entry> all() {
        return new ArrayList<>(pairs.values());
    }

    /** Forgets the pair and frees its inbound SPIs; the caller publishes its deletion (which removes it from the data plane). */
    public Entry remove(long id) {
        Entry e = pairs.remove(id);
        if (e == null) return null;
        unindex(e);
        e.state = PairState.DELETED;
        for (IpsecSaSpec s : e.pair().inbound().sas()) spis.release(s.spi());
        return e;
    }

    public int size() {
        return pairs.size();
    }
}
