package org.ikd.daemon;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.FragmentationSettings;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.RuleLiveness;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.exchange.ExchangeOptions;
import org.ikd.core.ike.XauthPasswords;
import org.ikd.core.ike.exchange.Ikev1Exchanges;
import org.ikd.core.ike.transport.IkeTransport;
import org.ikd.core.ike.transport.TransportConfig;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.admin.DaemonControl;
import org.ikd.daemon.admin.DiagChecks;
import org.ikd.daemon.admin.EngineLoop;
import org.ikd.daemon.admin.Negotiations;
import org.ikd.daemon.admin.SaQueries;
import org.ikd.daemon.control.Version;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.ControlServer;
import org.ikd.daemon.control.ControlSettings;
import org.ikd.daemon.control.CounterBaseline;
import org.ikd.daemon.control.GroupMembership;
import org.ikd.daemon.control.InstanceLock;
import org.ikd.daemon.datapath.AcquireQueue;
import org.ikd.daemon.datapath.Egress;
import org.ikd.daemon.datapath.EspInUdpPaths;
import org.ikd.daemon.datapath.InboundPump;
import org.ikd.daemon.datapath.NatMappings;
import org.ikd.daemon.datapath.OutboundPump;
import org.ikd.daemon.datapath.UnknownSpiReports;
import org.ikd.daemon.datapath.Workers;
import org.ikd.daemon.log.AuditEvents;
import org.ikd.daemon.log.EventStream;
import org.ikd.daemon.log.OakleyLog;
import org.ikd.daemon.policy.PolicyInForce;
import org.ikd.daemon.policy.PolicyTranslation;
import org.ikd.daemon.policyfile.HostAddresses;
import org.ikd.daemon.policyfile.NatTraversalMode;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.daemon.sa.Acquirer;
import org.ikd.daemon.sa.ClearedTraffic;
import org.ikd.daemon.sa.Fallback;
import org.ikd.daemon.sa.IkeOutcomes;
import org.ikd.daemon.sa.InstalledPairs;
import org.ikd.daemon.sa.LeasedAddresses;
import org.ikd.daemon.sa.LifetimeEvents;
import org.ikd.daemon.sa.OakleyRenderer;
import org.ikd.daemon.sa.PairActions;
import org.ikd.daemon.systemd.SdNotify;
import org.ikd.daemon.systemd.Watchdog;
import org.ikd.esp.DataPlane;
import org.ikd.esp.DataPlaneConfig;
import org.ikd.tun.IpFamily;
import org.ikd.tun.LinkLayer;
import org.ikd.tun.LinkSettings;
import org.ikd.tun.RawIpSocket;
import org.ikd.tun.TunDevice;
import org.ikd.tun.TunQueue;
import org.ikd.tun.posix.PosixLinkLayer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring (DESIGN.md): every part constructed here, by hand, started in this order and
 * stopped in the reverse one.
 * <ol>
 * <li>the instance lock beside the control socket (a second ikd stops here, having touched
 *     nothing), then the policy file; 2. the link layer: leftovers of a crashed run removed, the TUN device
 *     and its policy-routing rule; 3. raw sockets (ESP, AH, header-included); 4. the data
 *     plane; 5. the IKE engine and its UDP 500/4500 transport, sockets marked with the link
 *     layer's fwmark so IKE and ESP to a protected peer never loop into the TUN; 6. the pumps
 *     (one outbound per TUN queue, one inbound per raw socket, ESP-in-UDP, acquire release);
 *     7. the policy in force (SPD, routes into the TUN, nftables); 8. the one-second timer
 *     (lifetimes, rekeys, fallback to clear); 9. the control socket; 10. READY=1, watchdog.
 * </ol>
 * Stop: STOPPING=1, control socket closed, timer stopped, a Delete for every SA (engine
 * shutdown on the event loop), pumps woken and joined, routes, rules, nftables table and TUN
 * removed, pre-shared keys zeroed, the instance lock released.
 */
public final class Daemon {
    private static final Logger log = LoggerFactory.getLogger(Daemon.class);
    private static final int ESP = 50;
    private static final int AH = 51;
    /** DH values kept ready per group (DhPool): a burst of this many Main Modes finds one each. */
    private static final int DH_POOL_DEPTH = 32;
    /** Made at start for each group of the policy, so the first Main Mode does not wait for one. */
    private static final int DH_PREFILL = 4;

    private final DaemonOptions options;
    private final SdNotify notify;
    private final OakleyLog oakleyLog;
    /** The policy in force and its changes (reload, dynamic rules); read through {@link #policy}. */
    private PolicyUpdates policies;
    private final Workers workers = new Workers();
    private LinkSettings linkSettings;
    private LinkLayer link;
    private TunDevice tun;
    private DataPlane dp;
    private AcquireQueue queue;
    private EspInUdpPaths udp;
    private UnknownSpiReports unknownSpis;
    private PolicyInForce inForce;
    private final InstalledPairs installed = new InstalledPairs();
    private final ClearedTraffic cleared;
    private final IkeStatistics stats = new IkeStatistics();
    private final CounterBaseline baseline = new CounterBaseline();
    private volatile EventStream events;
    private IkeEngine engine;
    private DhPool dhPool;
    private IkeTransport transport;
    private IkeOutcomes outcomes;
    private Acquirer acquirer;
    private ScheduledExecutorService timer;
    /** XAUTH passwords typed with ikdctl xauth-login, for road-warrior rules without a password file. */
    private final XauthPasswords prompted = new XauthPasswords();
    private ControlServer control;
    private Watchdog watchdog;
    private InstanceLock instance;

    private Daemon(DaemonOptions options, SdNotify notify) {
        this.options = options;
        this.notify = notify;
        this.oakleyLog = OakleyLog.open(options.debugSecrets());
        this.cleared = new ClearedTraffic(oakleyLog);
    }

    /** Starts everything, or stops what was started and throws. */
    public static Daemon start(DaemonOptions options, SdNotify notify) throws Exception {
        Daemon d = new Daemon(options, notify);
        try {
            d.startAll();
            return d;
        } catch (Exception | Error e) {
            d.stop();
            throw e;
        }
    }

    private void startAll() throws Exception {
        // before anything touches the host: the leftovers' cleanup would take a running ikd's TUN, routes and table
        instance = InstanceLock.acquire(options.controlSocket(), ControlSettings.at(options.controlSocket()).group());
        policies = new PolicyUpdates(options.config(), notify);         // with policy add --persist's drop-ins
        ParsedPolicy policy = policies.policy();
        List<InetAddress> me = policy.meAddresses();
        if (me.isEmpty()) throw new IOException("no local address: set local-addresses in " + options.config());
        // The in-memory warm-up (CPU) runs beside the link, socket and Netty start-up (mostly system
        // calls and class loading); READY waits for both.
        Policy atStart = policy.policy();
        Thread warmUp = Workers.thread(() -> { WarmUp.checkGhash(); WarmUp.run(atStart); }, "ikd-warm-up");
        warmUp.start();
        linkSettings = LinkSettings.defaults(options.queues(), options.mtu(), List.of());
        link = PosixLinkLayer.open(linkSettings);
        link.cleanupLeftovers();
        tun = link.openTun(!"off".equals(System.getenv("IKD_TUN_OFFLOAD")));     // docs/tun.md "Offloads"
        boolean v6 = me.stream().anyMatch(a -> a instanceof Inet6Address);
        List<RawIpSocket> inbound = new ArrayList<>();
        for (IpFamily f : v6 ? List.of(IpFamily.IPV4, IpFamily.IPV6) : List.of(IpFamily.IPV4))
            for (int protocol : new int[] {ESP, AH})       // socket i of N keeps the SPIs i mod N, its pump writes to queue i
                for (int i = 0; i < options.queues(); i++) inbound.add(workers.own(link.openRawSocket(f, protocol, options.queues(), i)));
        RawIpSocket clear4 = workers.own(link.openHeaderIncludedSocket(IpFamily.IPV4));
        RawIpSocket clear6 = v6 ? workers.own(link.openHeaderIncludedSocket(IpFamily.IPV6)) : null;
        // one packet buffer per pump: outbound per queue, inbound per raw socket, ESP in UDP (IKE socket, one per address), acquire release
        DataPlaneConfig dpc = DataPlaneConfig.defaults();
        dp = new DataPlane(new DataPlaneConfig(Math.max(dpc.pumpSlots(), options.queues() * (1 + me.size()) + inbound.size() + 2),
                dpc.eventQueueCapacity(), dpc.tunnelTtl()), System::nanoTime);
        Egress egress = new Egress(clear4, clear6);
        int mark = link.fwmark();
        dp.pathMtuSource(peer -> Egress.pathMtu(peer, mark));          // RFC 4301 §8.2: docs/esp.md "Path MTU"
        queue = new AcquireQueue(32, 1024, options.releaseDelay().toNanos(), System::nanoTime);
        inForce = new PolicyInForce(dp, link);
        timer = Executors.newSingleThreadScheduledExecutor(r -> Workers.thread(r, "ikd-timer"));
        OakleyRenderer oakley = new OakleyRenderer(oakleyLog);
        Fallback fallback = new Fallback(inForce, queue, oakley, this::submit, System::nanoTime, options.fallbackAfter(),
                IkeConfig.DEFAULT.negotiationTimeout().plusSeconds(15), Duration.ofMinutes(5));
        startIke(egress, oakley, fallback, me);
        startPumps(inbound, egress);
        inForce.apply(PolicyTranslation.of(policy.policy(), me, HostAddresses.current()));
        LifetimeEvents lifetimes = new LifetimeEvents(dp, timer, (id, k, d) -> submit((e, now) -> e.lifetimeCrossed(id, k, d, now)));
        timer.scheduleAtFixedRate(() -> tick(fallback, lifetimes), 1, 1, TimeUnit.SECONDS);
        policies.enforceThrough(new PolicyUpdates.Enforcement(timer, cleared, installed, inForce, this::submit));
        events = EventStream.attach();
        control = new ControlServer(ControlSettings.at(options.controlSocket()), control(), GroupMembership.ikd());
        control.start();
        warmUp.join();
        notify.ready();
        notify.status("policy " + policy.policy().name() + ": " + policy.summary());
        watchdog = new Watchdog(notify, this::healthy);
        watchdog.start();
        log.info("ikd is running: policy {} ({}), IKE on {}, control socket {}", policy.policy().name(), policy.summary(),
                boundAddresses().stream().map(AddressText::of).toList(), options.controlSocket());
    }

    private void startIke(Egress egress, OakleyRenderer oakley, Fallback fallback, List<InetAddress> me) throws InterruptedException {
        SecureRandom random = new SecureRandom();
        Entropy entropy = Entropy.of(random);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        registry.watchInbound(pairId -> PairActions.inboundSeen(dp, pairId));       // a Quick Mode without HASH(3)
        ParsedPolicy policy = policies.policy();
        boolean draftOnly = policy.rules().stream().anyMatch(r -> r.options().natTraversal() == NatTraversalMode.DRAFT_02);
        RuleLiveness liveness = new RuleLiveness(() -> policies.policy().policy(), IkeConfig.DEFAULT);   // DPD, keepalive per rule
        FragmentationSettings fragmentation = policy.settings().fragmentation();     // ike-fragmentation, read at start
        dhPool = new DhPool(random, DH_POOL_DEPTH);
        dhPool.prefill(dhGroups(policy.policy()), DH_PREFILL);
        engine = new IkeEngine(IkeConfig.DEFAULT.withFragmentation(fragmentation), new Ikev1Exchanges(() -> policies.policy().policy(),
                new RulePreSharedKeys(() -> policies.policy().policy()), entropy, dhPool, registry,
                ExchangeOptions.DEFAULT.withDraftOnlyNatTraversal(draftOnly)
                        .withFragmentationVendorId(fragmentation.announces()), prompted), entropy, stats, registry, liveness);
        unknownSpis = new UnknownSpiReports(System::nanoTime, (peer, local, spi) -> submit((e, now) -> e.unknownSpi(peer, local, spi, now)));
        NatMappings mappings = new NatMappings(installed::pairs, m -> submit((e, now) -> e.peerMoved(m.from(), m.to())));
        udp = new EspInUdpPaths(dp, tun.queues(), mappings, unknownSpis, workers);
        egress.followNatMappings(mappings);
        AuditEvents audit = AuditEvents.toJournal();
        outcomes = new IkeOutcomes(installed, oakley, audit);
        PairActions pairs = new PairActions(dp, installed, egress, queue, this::submit, policies::policy, timer, fallback, inForce, audit,
                System::nanoTime, IkeConfig.DEFAULT.natTraversalPort(), cleared);
        LeasedAddresses leases = new LeasedAddresses(link, linkSettings, timer);        // ikd as a road warrior (Mode-Config)
        transport = IkeTransport.start(TransportConfig.standard(me).withSocketMark(link.fwmark()).withSharedNatTraversalPort(true),
                engine, e -> { cleared.accept(e); outcomes.accept(e); mappings.accept(e); leases.accept(e); }, pairs,
                udp.viaIkeSocket(), stats, Clock.systemUTC());
        egress.useUdp(transport.espSender());
        udp.openSockets(link, me, transport, IkeConfig.DEFAULT.natTraversalPort(), egress);   // after the IKE sockets: index 1
        acquirer = new Acquirer(policies::policy, queue, r -> submit((e, now) -> e.acquire(r, now)), oakley, cleared);
    }

    /** One inbound pump per raw socket: ikd-in-esp-Q, ikd-in-ah-Q, with IPv6 ikd-in-esp6-Q, ikd-in-ah6-Q (Q: its TUN queue). */
    private void startPumps(List<RawIpSocket> inbound, Egress egress) {
        for (TunQueue q : tun.queues())
            workers.spawn(new OutboundPump(q, dp, dp.newPacketBuffer(), egress.batchedPort(), acquirer::acquire), "ikd-out-" + q.index());
        for (int k = 0; k < inbound.size(); k++) {
            RawIpSocket s = inbound.get(k);
            workers.spawn(new InboundPump(s, dp, dp.newPacketBuffer(), tun.queues().get(k % tun.queues().size()), unknownSpis),
                    "ikd-in-" + (s.protocol() == ESP ? "esp" : "ah") + (s.family() == IpFamily.IPV6 ? "6" : "") + "-" + k % tun.queues().size());
        }
        var releasePkt = dp.newPacketBuffer();
        var releasePort = egress.port();
        workers.spawn(() -> queue.runReleases(dp, releasePkt, releasePort), "ikd-acquire-release");
    }

    /** The DH groups a policy negotiates: Main Mode methods, then Quick Mode PFS. */
    private static Set<DhGroupId> dhGroups(Policy p) {
        Set<DhGroupId> groups = new LinkedHashSet<>();
        p.mainMode().methods().forEach(m -> groups.add(m.group()));
        for (Rule r : p.rules())
            if (r.action() instanceof FilterAction.Negotiate n && n.pfsGroup() != null) groups.add(n.pfsGroup());
        return groups;
    }

    /** Once a second on the timer thread: lifetimes (RFC 4301 §4.4.2.1), rekeys, fallback to clear. */
    private void tick(Fallback fallback, LifetimeEvents lifetimes) {
        try {
            dp.tick();
            lifetimes.drain();
            fallback.tick();
        } catch (RuntimeException e) {
            log.warn("timer tick failed", e);
        }
    }


    /** Graceful stop; idempotent. */
    public synchronized void stop() {
        if (watchdog != null) watchdog.close();
        notify.stopping();
        if (control != null) control.close();
        if (events != null) events.detach();
        if (timer != null) timer.shutdownNow();
        if (transport != null) transport.stop(engine::shutdown);      // a Delete for every SA, on the event loop
        if (dhPool != null) dhPool.close();
        if (queue != null) queue.close();
        if (udp != null) udp.close();
        if (tun != null) tun.close();
        workers.stop();
        if (link != null) Workers.quietly(link);
        if (policies != null) policies.policy().destroyKeys();
        if (instance != null) Workers.quietly(instance);         // last: a waiting ikd may now clean up
        if (instance != null) log.info("ikd stopped");          // else another ikd runs: this one started nothing
    }

    private boolean healthy() {
        try {
            var answer = new CompletableFuture<Boolean>();
            submit((e, now) -> {
                answer.complete(true);
                return Step.NONE;
            });
            return answer.get(5, TimeUnit.SECONDS) && workers.allAlive();
        } catch (Exception e) {
            return false;
        }
    }

    public void submit(BiFunction<IkeEngine, Instant, Step> work) {
        if (transport != null) transport.submit(now -> work.apply(engine, now));
    }

    ParsedPolicy policy() { return policies.policy(); }

    /** SIGHUP: the policy file again (ikdctl reload's path); a refused file leaves the policy in force. */
    String reload() throws ControlException { return policies.reload(); }

    /** The control socket's answers, each part given only what it reads (docs/architecture.md, daemon.admin). */
    private DaemonControl control() {
        EngineLoop loop = new EngineLoop(this::submit);
        SaQueries sas = new SaQueries(loop, this::policy, installed, outcomes, dp, stats, baseline, Version.current(), queue.dropped::get,
                cleared.dropped::get, () -> tun.queues().stream().mapToLong(TunQueue::malformed).sum());
        return new DaemonControl(policies, sas, new Negotiations(loop, this::policy, acquirer, installed, sas), events,
                new DiagChecks.Sources(this::policy, transport::boundAddresses, linkSettings, link, inForce, workers, installed, outcomes), prompted);
    }

    private List<InetSocketAddress> boundAddresses() { return transport.boundAddresses(); }
}
