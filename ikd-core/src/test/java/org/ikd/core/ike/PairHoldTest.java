package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long a Quick Mode initiator holds a first pair from sending (RFC 2409 §5.5: the responder installs on HASH(3)). */
class PairHoldTest {
    @Test
    void anotherIkdInstallsAsQm2LeavesAndGetsNoHold() {
        assertEquals(Duration.ZERO, PairLifecycle.hold("ikd", Duration.ofMillis(90)));
    }

    @Test
    void otherPeersGetThreeRoundTripsBetweenTheFloorAndTheCap() {
        assertEquals(Duration.ofMillis(200), PairLifecycle.hold("strongSwan", Duration.ofMillis(5)), "floor");
        assertEquals(Duration.ofMillis(270), PairLifecycle.hold("strongSwan", Duration.ofMillis(90)));
        assertEquals(Duration.ofMillis(200), PairLifecycle.hold(null, Duration.ZERO), "an unknown peer, as a responder's round trip");
        assertEquals(Duration.ofSeconds(1), PairLifecycle.hold("Windows", Duration.ofMillis(700)), "cap");
    }
}
