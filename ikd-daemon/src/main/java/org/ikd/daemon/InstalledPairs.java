package org.ikd.daemon;

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
final class InstalledPairs {
    /**
     * @param mainModeId the ISAKMP SA's serial, 0 when unknown
     * @param again      the acquire that renews this pair (RFC 2409 §5.5: a new Quick Mode)
     * @param initiator  we initiated the Main Mode that keyed it
     */
    record Installed(IpsecSaPair pair, long mainModeId, InetAddress peer, AcquireRequest again, boolean pfs,
                     boolean initiator, long installedAtNanos) {
        String rule() {
            return pair.ruleName();
        }
    }

    private final Map<Long, Installed> pairs = new ConcurrentHashMap<>();
    /** The last counters of outbound SAs retired by a rekey, so that {@code show qm} still reports what they carried. */
    private final Map<Long, SaSnapshot> retiredOutbound = new ConcurrentHashMap<>();

    void add(Installed i) {
        pairs.put(i.pair().id(), i);
    }

    Installed remove(long pairId) {
        retiredOutbound.remove(pairId);
        return pairs.remove(pairId);
    }

    void retired(SaSnapshot lastOutbound) {
        if (pairs.containsKey(lastOutbound.pairId())) retiredOutbound.put(lastOutbound.pairId(), lastOutbound);
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

    int size() {
        return pairs.size();
    }
}
