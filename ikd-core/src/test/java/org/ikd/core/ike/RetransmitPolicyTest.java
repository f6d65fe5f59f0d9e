package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RFC 2408 §5.1 leaves retransmission to the implementation; ikd doubles the wait up to a maximum. */
class RetransmitPolicyTest {
    @Test
    void defaultWaitsOneTwoFourEightSixteenSecondsThenStaysAtTheMaximum() {
        List<Long> seconds = IntStream.rangeClosed(1, 7).mapToObj(RetransmitPolicy.DEFAULT::delayAfter).map(Duration::toSeconds).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 16L, 16L), seconds);
        assertEquals(Duration.ofSeconds(31), RetransmitPolicy.DEFAULT.window());
    }

    @Test
    void capsADoublingThatPassesAMaximumThatIsNoPowerOfTwo() {
        RetransmitPolicy p = new RetransmitPolicy(Duration.ofMillis(300), Duration.ofMillis(1000), 4);
        assertEquals(List.of(300L, 600L, 1000L, 1000L), IntStream.rangeClosed(1, 4).mapToObj(p::delayAfter).map(Duration::toMillis).toList());
        assertEquals(Duration.ofMillis(2900), p.window());
    }
}
