package org.ikd.daemon;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.IkeConfig;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IkeStatistics;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.SpiAllocator;
import org.ikd.core.ike.Step;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.ike.exchange.DhSource;
import org.ikd.core.ike.exchange.ExchangeOptions;
import org.ikd.core.ike.exchange.Ikev1Exchanges;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.FilterList;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.IpsecSaPair;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Main Mode and Quick Mode between two engines in memory, with the policy's first Main Mode
 * method and first negotiate action, before ikd says it is ready. Nothing leaves the process
 * (datagrams are handed from one engine to the other; the addresses are never used on a socket).
 * It loads and links the IKE, Oakley and crypto code once, so that the first real negotiation
 * (the one the first ping waits for) does not pay for it: measured on the 2-core VM, the first
 * ikd-to-ikd ping went from ~3 s to well under one.
 */
final class WarmUp {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);
    private static final int MAX_MESSAGES = 40;
    /**
     * Negotiations run: the first loads the classes, the next ones run the interpreter through the
     * same code so that the hottest methods reach the JIT (measured on the 2-core VM: rounds of
     * roughly 500, 60, 40 ms; the first real negotiation then ran in well under 100 ms of CPU).
     */
    private static final int ROUNDS = 3;

    private WarmUp() {}

    /** The daemon (not ikd train) says when ESP AES-GCM runs on the slow plain-Java GHASH (docs/esp.md). */
    static void checkGhash() {
        if (!org.ikd.esp.transform.GcmEsp.ghashIntrinsic())     // e.g. an /etc/ikd/jvm.options older than the line
            LoggerFactory.getLogger(Daemon.class).warn("ESP AES-GCM hashes in plain Java, ~25 times slower: add"
                    + " --add-opens=java.base/com.sun.crypto.provider=ALL-UNNAMED to jvm.options (docs/esp.md)");
    }

    static void run(Policy policy) {
        long start = System.nanoTime();
        Optional<FilterAction> action = policy.rules().stream().map(Rule::action)
                .filter(a -> a instanceof FilterAction.Negotiate).findFirst();
        if (action.isEmpty()) return;
        try {
            InetAddress a = InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) 255, 1});
            InetAddress b = InetAddress.getByAddress(new byte[] {(byte) 198, 18, (byte) 255, 2});
            SecureRandom random = new SecureRandom();
            StringBuilder rounds = new StringBuilder();
            int installed = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long t = System.nanoTime();
                installed = once(policy, action.get(), random, a, b);
                rounds.append(round == 0 ? "" : ", ").append((System.nanoTime() - t) / 1_000_000);
            }
            log.info("warm-up: in-memory Main Mode + Quick Mode {} in {} ms (rounds: {} ms)", installed == 2 ? "done" : "incomplete",
                    (System.nanoTime() - start) / 1_000_000, rounds);
        } catch (UnknownHostException | RuntimeException e) {
            log.info("warm-up skipped: {}", e.toString());
        }
    }

    /** One Main Mode + Quick Mode between two fresh engines; returns how many sides installed the pair. */
    private static int once(Policy policy, FilterAction action, SecureRandom random, InetAddress a, InetAddress b) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        Secret psk = Secret.of(key);
        try {
            IkeEngine ea = engine(side(policy, action, psk, a, b), random);
            IkeEngine eb = engine(side(policy, action, psk, b, a), random);
            Selector flow = Selector.between(Subnet.host(a), Subnet.host(b));
            int installed = exchange(ea, eb, a, ea.acquire(new AcquireRequest("warm-up", flow, a, b), Instant.now()));
            ea.shutdown(Instant.now());
            eb.shutdown(Instant.now());
            return installed;
        } finally {
            psk.destroy();
        }
    }

    private static Policy side(Policy policy, FilterAction action, Secret psk, InetAddress me, InetAddress peer) {
        Filter f = new Filter(Selector.between(Subnet.host(me), Subnet.host(peer)), true);
        Rule r = new Rule("warm-up", new FilterList("warm-up", List.of(f)), action,
                List.of(new AuthenticationMethod.PreSharedKey(psk, "warm-up")), null, null, false);
        return new Policy("warm-up", policy.mainMode(), List.of(r));
    }

    private static IkeEngine engine(Policy p, SecureRandom random) {
        Entropy entropy = Entropy.of(random);
        PairRegistry registry = new PairRegistry(new SpiAllocator(entropy, spi -> false));
        return new IkeEngine(IkeConfig.DEFAULT, new Ikev1Exchanges(() -> p, new RulePreSharedKeys(() -> p), entropy,
                DhSource.of(random), registry, ExchangeOptions.DEFAULT), entropy, new IkeStatistics(), registry);
    }

    /** Hands datagrams back and forth until both sides have their SA pair; returns how many did. */
    private static int exchange(IkeEngine ea, IkeEngine eb, InetAddress a, Step first) {
        record InFlight(IkeEngine to, OutboundDatagram d) {}
        ArrayDeque<InFlight> wire = new ArrayDeque<>();
        int installed = 0;
        Step step = first;
        for (int n = 0; n < MAX_MESSAGES; n++) {
            for (IkeEvent e : step.events()) if (e instanceof IkeEvent.QuickModeEstablished q) installed += forget(q.pair());
            for (OutboundDatagram d : step.send()) wire.add(new InFlight(d.remote().getAddress().equals(a) ? ea : eb, d));
            if (installed >= 2 || wire.isEmpty()) break;
            InFlight f = wire.poll();
            step = f.to().receive(new InboundDatagram(f.d().remote(), f.d().local(), f.d().natTraversalPort(), f.d().message()),
                    Instant.now());
        }
        return installed;
    }

    private static int forget(IpsecSaPair pair) {
        pair.destroyKeys();
        return 1;
    }
}
