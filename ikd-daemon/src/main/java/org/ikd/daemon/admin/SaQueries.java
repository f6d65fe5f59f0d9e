package org.ikd.daemon.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.policy.Policy;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.CounterBaseline;
import org.ikd.daemon.control.IkeStatistics;
import org.ikd.daemon.control.KeyTable;
import org.ikd.daemon.control.MainModeSaView;
import org.ikd.daemon.control.MainModeSas;
import org.ikd.daemon.control.Outcome;
import org.ikd.daemon.control.QuickModeSas;
import org.ikd.daemon.control.Statistics;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.sa.IkeOutcomes;
import org.ikd.daemon.sa.InstalledPairs;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DropReason;
import org.ikd.esp.StatisticsSnapshot;

/**
 * The SAs and counters {@code ikdctl show mm|qm|stats|keys} reports: IKE state read on the event loop
 * ({@link EngineLoop}), the data plane's directly. The counters are never written: a reset is a baseline.
 */
public final class SaQueries {
    private final EngineLoop loop;
    private final Supplier<ParsedPolicy> policy;
    private final InstalledPairs installed;
    private final IkeOutcomes outcomes;
    private final DataPlane dp;
    private final org.ikd.core.ike.IkeStatistics stats;
    private final CounterBaseline baseline;
    private final String version;
    /** The pumps' own drops: ACQUIRE queue overflow, DPD clear, TUN reads that made no packet. */
    private final LongSupplier acquireDrops, clearedDrops, tunMalformed;

    public SaQueries(EngineLoop loop, Supplier<ParsedPolicy> policy, InstalledPairs installed, IkeOutcomes outcomes, DataPlane dp, org.ikd.core.ike.IkeStatistics stats,
            CounterBaseline baseline, String version, LongSupplier acquireDrops, LongSupplier clearedDrops, LongSupplier tunMalformed) {
        this.loop = loop;
        this.policy = policy;
        this.installed = installed;
        this.outcomes = outcomes;
        this.dp = dp;
        this.stats = stats;
        this.baseline = baseline;
        this.version = version;
        this.acquireDrops = acquireDrops;
        this.clearedDrops = clearedDrops;
        this.tunMalformed = tunMalformed;
    }

    public MainModeSas mainModeSas() throws ControlException {
        List<InstalledPairs.Installed> pairs = installed.all();
        Policy rules = policy.get().policy();
        return new MainModeSas(loop.query(engine -> {
            List<MainModeSaView> out = new ArrayList<>();
            Instant now = Instant.now();
            for (IsakmpSa sa : engine.isakmpSas()) {
                int qms = (int) pairs.stream().filter(i -> i.mainModeId() == sa.serial()).count();
                out.add(SaViews.mainMode(sa, SaViews.mainModeRule(sa, pairs, rules), outcomes.mainModes.get(sa.cookies()), qms, now));
            }
            return out;
        }));
    }

    public QuickModeSas quickModeSas() {
        return new QuickModeSas(SaViews.quickModes(installed.all(), dp.securityAssociations(), installed::retiredOutbound));
    }

    public Statistics statistics() {
        long uptime = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000;
        return baseline.since(counters(), version, uptime, System.nanoTime());
    }

    public Outcome resetStatistics() {
        baseline.reset(counters(), System.nanoTime());
        return new Outcome("counters reset; ikdctl show stats counts from now (SAs and queues are shown as they are)");
    }

    /** The counters as the engine and the data plane keep them (never written: a reset is a baseline). */
    private Statistics counters() {
        StatisticsSnapshot s = dp.statistics();
        Map<String, Long> drops = drops(s, acquireDrops.getAsLong(), clearedDrops.getAsLong(), tunMalformed.getAsLong());
        return new Statistics(IkeStatistics.from(stats), SaViews.ipsec(s), drops);
    }

    /**
     * The drops {@code ikdctl show stats} lists, non-zero only: the data plane's by reason, then the
     * pumps' own: ACQUIRE queue overflow, DPD clear, and TUN reads that never reached the data plane.
     */
    static Map<String, Long> drops(StatisticsSnapshot s, long acquireQueue, long dpdCleared, long tunMalformed) {
        Map<String, Long> drops = new TreeMap<>();
        for (DropReason r : DropReason.values())
            if (s.drops(r) > 0) drops.put(r.name().toLowerCase().replace('_', '-'), s.drops(r));
        if (acquireQueue > 0) drops.put("acquire-queue", acquireQueue);
        if (dpdCleared > 0) drops.put("dpd-cleared", dpdCleared);
        if (tunMalformed > 0) drops.put("tun-malformed", tunMalformed);
        return drops;
    }

    /** Root only (ControlDispatcher): the keys of every keyed ISAKMP SA and every installed ESP SA. */
    public KeyTable keys() throws ControlException {
        List<KeyTable.IkeKey> ike = loop.query(engine -> {
            List<KeyTable.IkeKey> out = new ArrayList<>();
            for (IsakmpSa sa : engine.isakmpSas()) {
                if (sa.protection() == null || sa.protection().keys().isDestroyed()) continue;
                out.add(new KeyTable.IkeKey(String.format("%016x", sa.cookies().initiator()),
                        sa.protection().keys().encryptionKey().revealHex()));
            }
            return out;
        });
        List<KeyTable.EspKey> esp = new ArrayList<>();
        for (InstalledPairs.Installed i : installed.all()) {
            for (IpsecSaSpec s : i.pair().inbound().sas()) if (s.protocol() == IpsecProtocol.ESP) esp.add(KeyTable.EspKey.from(s));
            for (IpsecSaSpec s : i.pair().outbound().sas()) if (s.protocol() == IpsecProtocol.ESP) esp.add(KeyTable.EspKey.from(s));
        }
        return new KeyTable(ike, esp);
    }
}
