package org.ikd.core.ike;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Two engines talking through a list (DESIGN.md "Sans-I/O protocol core"): what one sends is queued
 * until the test delivers it, drops it, duplicates it or reorders the queue. Time is a variable;
 * timers fire when the test advances it.
 */
public final class EnginePair {
    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** One engine with its address, the events it published and its armed timers. */
    public static final class Side {
        public final String name;
        public final IkeEngine engine;
        public final InetAddress address;
        public final List<IkeEvent> events = new ArrayList<>();
        public final Map<TimerKey, Instant> timers = new HashMap<>();
        /** What the engine told its data plane to do with IPsec SA pairs, in order. */
        public final List<org.ikd.core.ike.ipsec.PairAction> actions = new ArrayList<>();

        Side(String name, IkeEngine engine, InetAddress address) {
            this.name = name;
            this.engine = engine;
            this.address = address;
        }

        public <E extends IkeEvent> List<E> events(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        public long count(IkeCounter c) {
            return engine.statistics().get(c);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    public final Side a;
    public final Side b;
    /** Datagrams sent and not yet delivered, oldest first. */
    public final List<OutboundDatagram> network = new ArrayList<>();
    public Instant now = T0;
    public final int port;

    public EnginePair(IkeEngine a, InetAddress addressA, IkeEngine b, InetAddress addressB, int port) {
        this.a = new Side("A", a, addressA);
        this.b = new Side("B", b, addressB);
        this.port = port;
    }

    public Side sideAt(InetAddress address) {
        if (address.equals(a.address)) return a;
        if (address.equals(b.address)) return b;
        throw new IllegalArgumentException("nobody at " + address);
    }

    /** Records what {@code side} decided: datagrams onto the network, timers, events. */
    public Step apply(Side side, Step step) {
        network.addAll(step.send());
        for (TimerRequest t : step.timers()) {
            if (t.isCancel()) side.timers.remove(t.key());
            else side.timers.put(t.key(), t.at());
        }
        side.events.addAll(step.events());
        side.actions.addAll(step.actions());
        return step;
    }

    public Step acquire(Side side, AcquireRequest request) {
        return apply(side, side.engine.acquire(request, now));
    }

    /** Delivers the oldest datagram on the network. */
    public Step deliverNext() {
        return deliver(network.remove(0));
    }

    /** What the path between the engines does to a datagram (a NAT rewriting addresses, say); nothing by default. */
    public java.util.function.UnaryOperator<OutboundDatagram> path = d -> d;

    public Step deliver(OutboundDatagram sent) {
        OutboundDatagram d = path.apply(sent);
        Side to = sideAt(d.remote().getAddress());
        InboundDatagram in = new InboundDatagram(d.remote(), d.local(), d.natTraversalPort(), d.message());
        return apply(to, to.engine.receive(in, now));
    }

    /** Delivers everything, including what the deliveries cause; returns the number delivered. */
    public int deliverAll() {
        int n = 0;
        while (!network.isEmpty()) {
            deliverNext();
            if (++n > 1000) throw new AssertionError("the engines never stop talking");
        }
        return n;
    }

    public OutboundDatagram drop() {
        return network.remove(0);
    }

    /** Moves time on by {@code d}, firing due timers of both sides in time order. */
    public void advance(Duration d) {
        Instant until = now.plus(d);
        while (true) {
            Side side = null;
            TimerKey key = null;
            Instant at = null;
            for (Side s : List.of(a, b))
                for (Map.Entry<TimerKey, Instant> e : s.timers.entrySet())
                    if (!e.getValue().isAfter(until) && (at == null || e.getValue().isBefore(at))) {
                        side = s;
                        key = e.getKey();
                        at = e.getValue();
                    }
            if (side == null) break;
            side.timers.remove(key);
            if (at.isAfter(now)) now = at;
            apply(side, side.engine.timerFired(key, now));
        }
        now = until;
    }

    /** Removes every datagram on the network for which {@code keep} is false. */
    public void filter(java.util.function.Predicate<OutboundDatagram> keep) {
        for (Iterator<OutboundDatagram> i = network.iterator(); i.hasNext(); ) if (!keep.test(i.next())) i.remove();
    }

    public InetSocketAddress endpoint(Side side) {
        return new InetSocketAddress(side.address, port);
    }
}
