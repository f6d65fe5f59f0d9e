package org.ikd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEngine;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundDatagram;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.ike.Step;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;

/**
 * What must hold after an engine swallowed a fuzzed datagram (DESIGN.md "One inbound IKE message"):
 * <ol>
 * <li>nothing escaped {@link IkeEngine#receive} (the targets call it bare, so an escape is a finding);
 * <li>no datagram was dropped for an internal error: bad input is an {@code IsakmpException} (or a
 *     {@code NegotiationFailure} inside an exchange), anything else (an NPE, an index out of bounds,
 *     an {@code IllegalArgumentException}) is a bug, counted as an Internal Error;
 * <li>every dropped datagram was counted, and the gauges agree with the SA table;
 * <li>the engine still answers a new peer's first Main Mode message with its second.
 * </ol>
 */
final class EngineChecks {
    private EngineChecks() {
    }

    /** A snapshot of the counters before a delivery, to check what the delivery counted. */
    record Before(Map<IkeCounter, Long> counters) {
        static Before of(IkeEngine engine) {
            return new Before(engine.statistics().snapshot());
        }
    }

    /** Delivers {@code message} from {@code from} to {@code to} and checks points 1 to 3. */
    static Step deliver(IkeEngine to, java.net.InetAddress local, java.net.InetAddress from, Bytes message, Instant now) {
        Before before = Before.of(to);
        InboundDatagram d = new InboundDatagram(FuzzPeers.endpoint(local), FuzzPeers.endpoint(from), false, message);
        Step step = to.receive(d, now);
        check(to, before, step);
        return step;
    }

    static void check(IkeEngine engine, Before before, Step step) {
        long dropped = step.events().stream().filter(e -> e instanceof IkeEvent.PacketDropped).count();
        for (IkeEvent e : step.events())
            if (e instanceof IkeEvent.PacketDropped p && p.reason().startsWith("internal error"))
                fail("dropped for a bug, not for bad input: " + p.reason());
        assertEquals(0, delta(engine, before, IkeCounter.INTERNAL_ERRORS), () -> "internal errors: " + step.events());
        long counted = delta(engine, before, IkeCounter.INVALID_PACKETS_RECEIVED)
                + delta(engine, before, IkeCounter.INVALID_COOKIES_RECEIVED) + delta(engine, before, IkeCounter.RECEIVE_FAILURES);
        assertTrue(counted >= dropped, () -> dropped + " datagrams dropped, " + counted + " counted");
        gaugesAgree(engine);
    }

    private static long delta(IkeEngine engine, Before before, IkeCounter c) {
        return engine.statistics().get(c) - before.counters().get(c);
    }

    static void gaugesAgree(IkeEngine engine) {
        long established = engine.isakmpSas().stream().filter(sa -> sa.state() == IsakmpSa.State.ESTABLISHED).count();
        assertEquals(engine.isakmpSas().size(), engine.statistics().get(IkeCounter.ISADB_LIST_SIZE), "ISADB List Size");
        assertEquals(established, engine.statistics().get(IkeCounter.MAIN_MODES), "Main Modes");
        for (Map.Entry<IkeCounter, Long> c : engine.statistics().snapshot().entrySet())
            assertTrue(c.getValue() >= 0, () -> c.getKey().label() + " is " + c.getValue());
    }

    /** Point 4: {@code firstMessage} (a new peer's Main Mode 1 from {@link FuzzPeers#PROBE}) gets Main Mode 2. */
    static void answersNewPeer(IkeEngine engine, java.net.InetAddress local, Bytes firstMessage, Instant now) {
        Step step = deliver(engine, local, FuzzPeers.PROBE, firstMessage, now);
        assertEquals(1, step.send().size(), () -> "answers to a new peer's Main Mode 1: " + step.events());
        OutboundDatagram reply = step.send().get(0);
        assertEquals(FuzzPeers.endpoint(FuzzPeers.PROBE), reply.remote());
        IsakmpMessage mm2 = IsakmpMessage.decode(ByteBuffer.wrap(reply.message().toArray()));
        assertEquals(ExchangeType.MAIN_MODE, mm2.header().exchangeType());
        assertTrue(mm2.first(SecurityAssociationPayload.class).isPresent(), "Main Mode 2 carries the chosen SA");
    }
}
