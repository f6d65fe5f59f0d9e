package org.ikd.core.ike;

import java.time.Instant;

/** What the transport drives: datagrams and timer firings in, steps out. Called on one thread only. */
public interface IkeProtocol {
    /** Never throws: bad input is dropped, counted and reported in the step. */
    Step receive(InboundDatagram datagram, Instant now);

    Step timerFired(TimerKey key, Instant now);
}
