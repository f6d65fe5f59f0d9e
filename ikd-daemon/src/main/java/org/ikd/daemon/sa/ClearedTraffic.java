package org.ikd.daemon.sa;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.policy.AddressText;
import org.ikd.daemon.log.OakleyLog;

/**
 * DPD action {@code clear} (strongSwan's {@code dpd_action = clear}): the traffic of a rule toward a
 * peer declared dead stays down. ikd's SPD keeps the negotiate rule, so its packets still reach
 * ACQUIRE; here they are dropped and counted ({@code ikdctl show stats}: {@code dpd-cleared}) instead
 * of starting IKE, until one of these lifts it:
 * <ol>
 * <li>the peer contacts us again: a Main Mode with its address is established (it initiated, since we do not);
 * <li>{@code ikdctl initiate RULE};
 * <li>a reload of the policy ({@code ikdctl reload}, SIGHUP).
 * </ol>
 * Written on the IKE event loop and control threads, read by the outbound pumps (only on ACQUIRE,
 * the slow path): a concurrent map, one Oakley line per clearance and lift, none per packet.
 */
public final class ClearedTraffic implements Consumer<IkeEvent> {
    record Destination(String rule, InetAddress peer) {}

    private final Map<Destination, AtomicBoolean> cleared = new ConcurrentHashMap<>();     // value: a packet was dropped
    private final OakleyLog oakley;
    public final AtomicLong dropped = new AtomicLong();

    public ClearedTraffic(OakleyLog oakley) {
        this.oakley = oakley;
    }

    /** The peer of {@code rule} was declared dead and the rule's action is clear. */
    void clear(String rule, InetAddress peer) {
        if (cleared.putIfAbsent(new Destination(rule, peer), new AtomicBoolean()) != null) return;
        oakley.line(AddressText.of(peer), "DPD", "action clear: rule '" + rule + "' stays down, its traffic to the dead peer"
                + " is dropped and starts no negotiation until the peer contacts us, 'ikdctl initiate " + rule + "' or a reload");
    }

    /** True (and the packet counted as dropped) when {@code rule}'s traffic to {@code peer} is cleared. Pump threads. */
    boolean blocks(String rule, InetAddress peer) {
        if (cleared.isEmpty()) return false;
        AtomicBoolean seen = cleared.get(new Destination(rule, peer));
        if (seen == null) return false;
        dropped.incrementAndGet();
        if (seen.compareAndSet(false, true))
            oakley.line(AddressText.of(peer), "DPD", "action clear: dropping rule '" + rule + "' traffic to the dead peer,"
                    + " not negotiating (counted as dpd-cleared in ikdctl show stats)");
        return true;
    }

    /** A Main Mode established with a peer lifts its clearances: it contacted us (IKE event loop). */
    @Override
    public void accept(IkeEvent e) {
        if (e instanceof IkeEvent.PhaseOneEstablished m) liftPeer(m.remote().getAddress(), "the peer negotiated a Main Mode with us");
    }

    /** The peer contacted us: its traffic may negotiate again. */
    void liftPeer(InetAddress peer, String why) {
        lift(d -> d.peer().equals(peer), why);
    }

    void liftRule(String rule, String why) {
        lift(d -> d.rule().equals(rule), why);
    }

    public void liftAll(String why) {
        lift(d -> true, why);
    }

    boolean isCleared(String rule, InetAddress peer) {
        return cleared.containsKey(new Destination(rule, peer));
    }

    private void lift(Predicate<Destination> which, String why) {
        if (cleared.isEmpty()) return;
        List<Destination> lifted = new ArrayList<>();
        for (Destination d : cleared.keySet()) if (which.test(d) && cleared.remove(d) != null) lifted.add(d);
        for (Destination d : lifted)
            oakley.line(AddressText.of(d.peer()), "DPD", "clear lifted for rule '" + d.rule() + "' (" + why
                    + "): its next packet negotiates again");
    }
}
