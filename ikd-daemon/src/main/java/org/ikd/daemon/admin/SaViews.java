package org.ikd.daemon.admin;

import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.daemon.control.IpsecStatistics;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.sa.IkeOutcomes;
import org.ikd.daemon.sa.InstalledPairs;
import org.ikd.daemon.sa.SaDescriptions;
import org.ikd.esp.IpsecStatistic;
import org.ikd.esp.SaSnapshot;
import org.ikd.esp.StatisticsSnapshot;

/** Builds the {@code ikdctl show} rows from the engine's and the data plane's state; never a key. */
final class SaViews {
    private SaViews() {}

    /** One ISAKMP SA; call on the IKE event loop. {@code rule} from {@link #mainModeRule}. */
    static MainModeSaView mainMode(IsakmpSa sa, String rule, IkeOutcomes.MainModeFacts facts, int quickModes, Instant now) {
        long left = sa.expiresAt() == null ? 0 : Math.max(0, sa.expiresAt().getEpochSecond() - now.getEpochSecond());
        String state = sa.state() != IsakmpSa.State.ESTABLISHED ? sa.state().name().toLowerCase(Locale.ROOT)
                : sa.superseded() ? "superseded" : sa.spent() ? "spent" : "established";   // docs/rekeying.md
        return new MainModeSaView(sa.serial(), rule, AddressText.of(sa.local().getAddress()),
                AddressText.of(sa.remote().getAddress()), sa.peerId(), sa.role().name().toLowerCase(Locale.ROOT),
                String.format("%016x", sa.cookies().initiator()), String.format("%016x", sa.cookies().responder()),
                facts == null ? "psk" : facts.authentication(), facts == null ? "-" : facts.proposal(), left, quickModes,
                sa.natTraversal(), state, xauthUser(sa.remoteAccess()),
                sa.remoteAccess() == null || sa.remoteAccess().leased() == null ? null : AddressText.of(sa.remoteAccess().leased()));
    }

    private static String xauthUser(org.ikd.core.ike.RemoteAccessSession s) {
        if (s == null) return null;
        return switch (s.state()) {
            case AUTHENTICATED -> s.user();
            case FAILED -> s.user() + " (failed)";
            case XAUTH_PENDING -> "(xauth pending)";
        };
    }

    /**
     * The rule an ISAKMP SA serves: the rules of the Quick Modes it keyed, else the engine's, else the first
     * negotiate rule that may negotiate with its peer (the rule whose PSK authenticated it,
     * RulePreSharedKeys), else null (e.g. the default response).
     */
    static String mainModeRule(IsakmpSa sa, List<InstalledPairs.Installed> pairs, Policy policy) {
        Set<String> rules = new LinkedHashSet<>();
        for (InstalledPairs.Installed i : pairs) if (i.mainModeId() == sa.serial()) rules.add(i.rule());
        if (!rules.isEmpty()) return String.join(",", rules);
        if (sa.remoteAccess() != null) return sa.remoteAccess().ruleName();
        if (sa.rule() != null) return sa.rule();                       // the engine's, once it knows it
        InetAddress peer = sa.remote().getAddress();
        for (Rule r : policy.rules())
            if (r.action() instanceof FilterAction.Negotiate && !r.isRemoteAccess() && RulePreSharedKeys.appliesTo(r, peer)) return r.name();
        return null;
    }

    /**
     * @param retired the final outbound counters of a pair whose outbound side a rekey retired
     *                (null when it was not retired): the pair still shows what it sent
     */
    static List<QuickModeSaView> quickModes(List<InstalledPairs.Installed> pairs, List<SaSnapshot> snapshots,
                                            LongFunction<SaSnapshot> retired) {
        Map<Long, List<SaSnapshot>> byPair = new HashMap<>();
        for (SaSnapshot s : snapshots) byPair.computeIfAbsent(s.pairId(), k -> new ArrayList<>()).add(s);
        List<QuickModeSaView> out = new ArrayList<>();
        for (InstalledPairs.Installed i : pairs) out.add(quickMode(i, byPair.getOrDefault(i.pair().id(), List.of()), retired.apply(i.pair().id())));
        return out;
    }

    private static QuickModeSaView quickMode(InstalledPairs.Installed i, List<SaSnapshot> snaps, SaSnapshot retiredOut) {
        IpsecSaPair p = i.pair();
        IpsecSaSpec out = p.outbound().outermost();
        SaSnapshot in = find(snaps, Direction.INBOUND, p.inbound().outermost());
        SaSnapshot live = find(snaps, Direction.OUTBOUND, out);
        SaSnapshot sent = live != null ? live : retiredOut;
        // the data plane enforces the lifetime on each SA (RFC 4301 §4.4.2.1): what is left is what is
        // left on the live SA nearest to its limit, inbound or outbound (before, the outbound one only)
        long leftSeconds = Math.min(in == null ? Long.MAX_VALUE : in.remainingSeconds(), live == null ? Long.MAX_VALUE : live.remainingSeconds());
        long leftBytes = Math.min(in == null ? Long.MAX_VALUE : in.remainingBytes(), live == null ? Long.MAX_VALUE : live.remainingBytes());
        Long seconds = leftSeconds == Long.MAX_VALUE ? null : leftSeconds;
        Long kb = leftBytes == Long.MAX_VALUE ? null : leftBytes / 1024;
        return new QuickModeSaView(p.id(), i.mainModeId(), p.ruleName(), AddressText.of(out.source()),
                AddressText.of(out.destination()), SaDescriptions.mode(p.outbound()), SaDescriptions.udp(p.outbound()),
                SaDescriptions.transform(p.outbound()), i.pfs(), p.inbound().outermost().spi().toString(), out.spi().toString(),
                SaDescriptions.filter(out.selector()), seconds, kb, in == null ? 0 : in.bytes(), sent == null ? 0 : sent.bytes(),
                in == null ? 0 : in.packets(), sent == null ? 0 : sent.packets());
    }

    private static SaSnapshot find(List<SaSnapshot> snaps, Direction d, IpsecSaSpec spec) {
        for (SaSnapshot s : snaps) if (s.direction() == d && s.spi().equals(spec.spi())) return s;
        return null;
    }

    /** The data plane's counters under the IPSEC_STATISTICS names; ikd never offloads. */
    static IpsecStatistics ipsec(StatisticsSnapshot s) {
        Map<IpsecStatistic, Long> m = new EnumMap<>(IpsecStatistic.class);
        for (IpsecStatistic k : IpsecStatistic.values()) m.put(k, s.get(k));
        return new IpsecStatistics(m.get(IpsecStatistic.ACTIVE_SAS), 0, 0, m.get(IpsecStatistic.KEY_ADDITIONS),
                m.get(IpsecStatistic.KEY_DELETIONS), m.get(IpsecStatistic.REKEYS), m.get(IpsecStatistic.ACTIVE_TUNNELS),
                m.get(IpsecStatistic.BAD_SPI_PACKETS), m.get(IpsecStatistic.PACKETS_NOT_DECRYPTED),
                m.get(IpsecStatistic.PACKETS_NOT_AUTHENTICATED), m.get(IpsecStatistic.PACKETS_WITH_REPLAY_DETECTION),
                m.get(IpsecStatistic.CONFIDENTIAL_BYTES_SENT), m.get(IpsecStatistic.CONFIDENTIAL_BYTES_RECEIVED),
                m.get(IpsecStatistic.AUTHENTICATED_BYTES_SENT), m.get(IpsecStatistic.AUTHENTICATED_BYTES_RECEIVED),
                m.get(IpsecStatistic.TRANSPORT_BYTES_SENT), m.get(IpsecStatistic.TRANSPORT_BYTES_RECEIVED),
                m.get(IpsecStatistic.TUNNEL_BYTES_SENT), m.get(IpsecStatistic.TUNNEL_BYTES_RECEIVED), 0, 0);
    }
}
