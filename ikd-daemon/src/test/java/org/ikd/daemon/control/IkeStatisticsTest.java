package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.isakmp.doi.NotifyType;
import org.junit.jupiter.api.Test;

class IkeStatisticsTest {
    @Test
    void takesEachWin32FieldFromTheEngineCounterOfTheSameMeaning() {
        org.ikd.core.ike.IkeStatistics engine = new org.ikd.core.ike.IkeStatistics();
        // IKE_STATISTICS order (winipsec.h), each counter a distinct value: 1..27 (the last four are ikd's own).
        IkeCounter[] win32Order = {IkeCounter.ACTIVE_ACQUIRE, IkeCounter.ACTIVE_RECEIVE, IkeCounter.ACQUIRE_FAILURES,
                IkeCounter.RECEIVE_FAILURES, IkeCounter.SEND_FAILURES, IkeCounter.ACQUIRE_HEAP_SIZE,
                IkeCounter.RECEIVE_HEAP_SIZE, IkeCounter.NEGOTIATION_FAILURES, IkeCounter.AUTHENTICATION_FAILURES,
                IkeCounter.INVALID_COOKIES_RECEIVED, IkeCounter.TOTAL_ACQUIRE, IkeCounter.TOTAL_GET_SPI,
                IkeCounter.KEY_ADDITIONS, IkeCounter.KEY_UPDATES, IkeCounter.GET_SPI_FAILURES,
                IkeCounter.KEY_ADDITION_FAILURES, IkeCounter.KEY_UPDATE_FAILURES, IkeCounter.ISADB_LIST_SIZE,
                IkeCounter.CONNECTION_LIST_SIZE, IkeCounter.OAKLEY_MAIN_MODES, IkeCounter.OAKLEY_QUICK_MODES,
                IkeCounter.SOFT_ASSOCIATIONS, IkeCounter.INVALID_PACKETS_RECEIVED,
                IkeCounter.SELECTORS_REFUSED, IkeCounter.UNSUPPORTED_EXCHANGES, IkeCounter.FOREIGN_DELETES,
                IkeCounter.INTERNAL_ERRORS};
        for (int i = 0; i < win32Order.length; i++) engine.add(win32Order[i], i + 1);
        engine.set(IkeCounter.MAIN_MODES, 99);
        assertEquals(new IkeStatistics(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26,
                27, Map.of()), IkeStatistics.from(engine));
    }

    @Test
    void takesInvalidPacketsByTheNotifyTypeThatLabelledThem() {
        org.ikd.core.ike.IkeStatistics engine = new org.ikd.core.ike.IkeStatistics();
        engine.invalidPacket(NotifyType.PAYLOAD_MALFORMED);
        engine.invalidPacket(NotifyType.PAYLOAD_MALFORMED);
        engine.invalidPacket(NotifyType.INVALID_MAJOR_VERSION);
        IkeStatistics s = IkeStatistics.from(engine);
        assertEquals(3, s.invalidPacketsReceived());
        assertEquals(Map.of("INVALID_MAJOR_VERSION", 1L, "PAYLOAD_MALFORMED", 2L), s.invalidPacketsByType());
    }
}
