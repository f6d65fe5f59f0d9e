package org.ikd.core.ike;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;

/**
 * The IPsec SA pairs the engine negotiated and has not seen deleted, with their peers. IKEv1
 * IPsec SAs outlive the ISAKMP SA that made them, so they are kept here rather than on it. Inbound
 * SPIs go back to the {@link SpiAllocator} when a pair is removed. Indexed by peer, so that a
 * peer's pairs (INITIAL-CONTACT, DPD, deletes) are found without a scan of every pair (2,000 pairs
 * with 1,000 peers). Confined to the IKE event loop.
 */
public final class IpsecSaRegistry {
    /** One pair and the address of its peer. */
    public record Entry(IpsecSaPair pair, InetAddress peer) {}

    private final Map<Long, Entry> pairs = new LinkedHashMap<>();
    private final Map<InetAddress, Map<Long, Entry>> byPeer = new HashMap<>();
    private final SpiAllocator spis;

    public IpsecSaRegistry(SpiAllocator spis) {
        this.spis = spis;
    }

    public SpiAllocator spis() {
        return spis;
    }

    public void add(IpsecSaPair pair, InetAddress peer) {
        Entry e = new Entry(pair, peer);
        Entry old = pairs.put(pair.id(), e);
        if (old != null) unindex(old);
        byPeer.computeIfAbsent(peer, p -> new LinkedHashMap<>()).put(pair.id(), e);
    }

    private void unindex(Entry e) {
        Map<Long, Entry> m = byPeer.get(e.peer());
        if (m == null) return;
        m.remove(e.pair().id());
        if (m.isEmpty()) byPeer.remove(e.peer());
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

    public List<Entry> all() {
        return new ArrayList<>(pairs.values());
    }

    /** Forgets the pair and frees its inbound SPIs; the caller tells the data plane. */
    public Entry remove(long id) {
        Entry e = pairs.remove(id);
        if (e == null) return null;
        unindex(e);
        for (IpsecSaSpec s : e.pair().inbound().sas()) spis.release(s.spi());
        return e;
    }

    public int size() {
        return pairs.size();
    }
}
