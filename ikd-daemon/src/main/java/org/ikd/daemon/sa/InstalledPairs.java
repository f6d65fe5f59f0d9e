package org.ikd.daemon.sa;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.esp.SaSnapshot;

/**
 * The daemon's map from pair id to what the data plane does not keep about an installed pair: the
 * Main Mode that keyed it, its peer, what negotiates its traffic again (DPD restart), and the last
 * outbound counters of a pair whose outbound side retired. It decides nothing: which pair replaces
 * which, rekeys and collisions are the engine's ({@code org.ikd.core.ike.PairLifecycle}); the
 * pair actions fill it ({@link PairActions}). Written on the IKE event loop, read from control and timer threads.
 */
public final class InstalledPairs {
    /**
     * @param mainModeId the ISAKMP SA's serial, 0 when unknown
     * @param again      the acquire that renews this pair (RFC 2409 §5.5: a new Quick Mode)
     * @param initiator  we initiated the Main Mode that keyed it
     */
    public record Installed(IpsecSaPair pair, long mainModeId, InetAddress peer, AcquireRequest again, boolean pfs,
                     boolean initiator, long installedAtNanos, String peerVendor) {
        /** A peer whose vendor IDs named nothing we know. */
        public Installed(IpsecSaPair pair, long mainModeId, InetAddress peer, AcquireRequest again, boolean pfs, boolean initiator,
                         long installedAtNanos) {
            this(pair, mainModeId, peer, again, pfs, initiator, installedAtNanos, "");
        }

        public String rule() {
            return pair.ruleName();
        }
    }

    private final Map<Long, Installed> pairs = new ConcurrentHashMap<>();
    /** The last counters of outbound SAs retired by a rekey, so that {@code show qm} still reports what they carried. */
    private final Map<Long, SaSnapshot> retiredOutbound = new ConcurrentHashMap<>();

    public void add(Installed i) {
        pairs.put(i.pair().id(), i);
    }

    public Installed remove(long pairId) {
        retiredOutbound.remove(pairId);
        return pairs.remove(pairId);
    }

    public void retired(SaSnapshot lastOutbound) {
        if (pairs.containsKey(lastOutbound.pairId())) retiredOutbound.put(lastOutbound.pairId(), lastOutbound);
    }

    /** The final outbound counters of a pair whose outbound side a rekey retired; null otherwise. */
    public SaSnapshot retiredOutbound(long pairId) {
        return retiredOutbound.get(pairId);
    }

    public Installed find(long pairId) {
        return pairs.get(pairId);
    }

    public List<Installed> all() {
        List<Installed> out = new ArrayList<>(pairs.values());
        out.sort((a, b) -> Long.compare(a.pair().id(), b.pair().id()));
        return out;
    }

    /** The installed pairs themselves, in no order (what the data path's NAT mappings look at). */
    public List<IpsecSaPair> pairs() {
        List<IpsecSaPair> out = new ArrayList<>(pairs.size());
        for (Installed i : pairs.values()) out.add(i.pair());
        return out;
    }

    int size() {
        return pairs.size();
    }
}
