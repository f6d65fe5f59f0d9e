package org.ikd.core.ike.transport;

import java.util.concurrent.atomic.AtomicLong;

/** What the transport saw below IKE: keepalives, ESP in UDP, runts. Read from any thread. */
public final class TransportStatistics {
    final AtomicLong keepalivesReceived = new AtomicLong();
    final AtomicLong espReceived = new AtomicLong();
    final AtomicLong espSent = new AtomicLong();
    final AtomicLong runtsDropped = new AtomicLong();
    final AtomicLong sendFailures = new AtomicLong();

    /** NAT keepalives (RFC 3948 §2.3) received and ignored. */
    public long keepalivesReceived() { return keepalivesReceived.get(); }
    public long espReceived() { return espReceived.get(); }
    public long espSent() { return espSent.get(); }
    /** Datagrams on 4500 too short to be a marker, a keepalive or ESP. */
    public long runtsDropped() { return runtsDropped.get(); }
    public long sendFailures() { return sendFailures.get(); }
}
