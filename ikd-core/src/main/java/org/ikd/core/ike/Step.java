package org.ikd.core.ike;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.ike.ipsec.PairAction;

/**
 * What one input (datagram, timer, acquire, delete, lifetime crossing) made the engine decide:
 * datagrams to send, timers to set or cancel, events to publish, and what the data plane must do
 * with IPsec SA pairs, applied by the transport in that order.
 */
public record Step(List<OutboundDatagram> send, List<TimerRequest> timers, List<IkeEvent> events, List<PairAction> actions) {
    public static final Step NONE = new Step(List.of(), List.of(), List.of(), List.of());

    public Step {
        send = List.copyOf(send);
        timers = List.copyOf(timers);
        events = List.copyOf(events);
        actions = List.copyOf(actions);
    }

    public Step(List<OutboundDatagram> send, List<TimerRequest> timers, List<IkeEvent> events) {
        this(send, timers, events, List.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return send.isEmpty() && timers.isEmpty() && events.isEmpty() && actions.isEmpty();
    }

    /** Collects a step; not thread-safe (it lives for one engine call). */
    public static final class Builder {
        private final List<OutboundDatagram> send = new ArrayList<>();
        private final List<TimerRequest> timers = new ArrayList<>();
        private final List<IkeEvent> events = new ArrayList<>();
        private final List<PairAction> actions = new ArrayList<>();

        private Builder() {}

        public Builder send(OutboundDatagram d) {
            send.add(d);
            return this;
        }

        public Builder timer(TimerRequest t) {
            timers.add(t);
            return this;
        }

        public Builder event(IkeEvent e) {
            events.add(e);
            return this;
        }

        public Builder action(PairAction a) {
            actions.add(a);
            return this;
        }

        public Builder add(Step other) {
            send.addAll(other.send);
            timers.addAll(other.timers);
            events.addAll(other.events);
            actions.addAll(other.actions);
            return this;
        }

        public Step build() {
            return send.isEmpty() && timers.isEmpty() && events.isEmpty() && actions.isEmpty() ? NONE
                    : new Step(send, timers, events, actions);
        }
    }
}
