package org.ikd.daemon.datapath;

import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * A packet that made the data plane throw: the pump drops that one packet, counts it and goes on,
 * so that one bad packet never ends a pump while the daemon looks healthy. The first fault is
 * logged with its stack trace, then one line every {@value #LOG_EVERY} faults.
 */
final class PumpFaults {
    static final int LOG_EVERY = 1000;

    private final String pump;
    private final Logger log;
    private final AtomicLong faults = new AtomicLong();

    PumpFaults(String pump, Logger log) {
        this.pump = pump;
        this.log = log;
    }

    void record(RuntimeException e) {
        long n = faults.incrementAndGet();
        if (n == 1) log.error("{}: a packet made the data plane fail; dropped, the pump goes on", pump, e);
        else if (n % LOG_EVERY == 0) log.error("{}: {} packets dropped after a data plane failure, the last: {}", pump, n, e.toString());
    }

    long count() {
        return faults.get();
    }
}
