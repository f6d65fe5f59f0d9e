package org.ikd.daemon.sa;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.policy.Rule;
import org.ikd.daemon.datapath.AcquireQueue;
import org.ikd.daemon.policyfile.ParsedPolicy;
import org.ikd.esp.PacketBuffer;
import org.ikd.esp.spd.SpdRule;

/**
 * What a pump does on ACQUIRE: find the policy rule, build the acquire (see {@link Acquisition}),
 * queue the packet, and for the first packet of a destination log the acquire and hand it to IKE;
 * traffic that DPD action clear took down is dropped instead ({@link ClearedTraffic}).
 * Called on pump threads; IKE work goes to the event loop through {@code ike}.
 */
public final class Acquirer {
    private final Supplier<ParsedPolicy> policy;
    private final AcquireQueue queue;
    private final Consumer<AcquireRequest> ike;
    private final OakleyRenderer oakley;
    private final ClearedTraffic cleared;

    public Acquirer(Supplier<ParsedPolicy> policy, AcquireQueue queue, Consumer<AcquireRequest> ike, OakleyRenderer oakley,
             ClearedTraffic cleared) {
        this.policy = policy;
        this.queue = queue;
        this.ike = ike;
        this.oakley = oakley;
        this.cleared = cleared;
    }

    public void acquire(PacketBuffer pkt) {
        SpdRule spdRule = pkt.acquireRule();
        ParsedPolicy p = policy.get();
        Rule rule = p.policy().rule(spdRule.name()).orElse(null);
        if (rule == null) return;                   // the policy changed under this packet: drop it
        AcquireRequest r = Acquisition.request(rule, pkt.acquireSelector(), pkt.flow(), p.meAddresses());
        if (cleared.blocks(r.ruleName(), r.peer())) return;          // DPD action clear: dropped, counted, no IKE
        if (queue.hold(r, spdRule.fallbackToClear(), pkt)) {
            oakley.acquire(r, rule, pkt.acquireSelector(), Acquisition.describe(pkt.flow()));
            ike.accept(r);
        }
    }

    /** {@code ikdctl initiate}: negotiate a rule without a packet. */
    public void initiate(AcquireRequest r, Rule rule) {
        cleared.liftRule(rule.name(), "ikdctl initiate");
        oakley.acquire(r, rule, r.flow(), "(ikdctl initiate)");
        ike.accept(r);
    }
}
