package org.ikd.daemon.control;

import java.util.Map;
import java.util.TreeMap;
import org.ikd.core.ike.IkeCounter;

/**
 * IKE counters under the names of the Windows {@code IKE_STATISTICS} structure (winipsec.h), in
 * its order, without the {@code dw} prefix. What ikd counts for the less obvious ones:
 * <ul>
 * <li>{@code activeAcquire}: acquires from the data plane waiting for a negotiation;
 *     {@code activeReceive}: IKE messages queued for the engine;
 * <li>{@code acquireHeapSize}/{@code receiveHeapSize}: the capacity left in those two queues;
 * <li>{@code totalGetSpi}/{@code getSpiFail}: inbound SPIs allocated / refused;
 *     {@code totalKeyAdd}/{@code keyAddFail}: SA pairs installed in the SAD / refused;
 *     {@code totalKeyUpdate}/{@code keyUpdateFail}: rekeys installed / refused;
 * <li>{@code isadbListSize}: ISAKMP SAs in the table (any state); {@code connListSize}: peers;
 * <li>{@code oakleyMainModes}/{@code oakleyQuickModes}: completed Main/Quick Modes since start;
 *     {@code softAssociations}: SAs with "fallback to clear" in effect;
 * <li>after the Win32 fields, ikd's own: {@code selectorsRefused}, Quick Modes refused because the
 *     peer asked for traffic its authentication does not allow; {@code unsupportedExchanges},
 *     Aggressive Mode or IKEv2 messages answered with a notify; {@code foreignDeletes}, Deletes
 *     naming SAs the sending peer does not hold with us, ignored; {@code internalErrors}, datagrams
 *     dropped because ikd failed on them (a bug: each is in the daemon log with its stack trace);
 * <li>{@code invalidPacketsByType}: {@code invalidPacketsReceived} by the RFC 2408 §3.14.1 notify type
 *     that labelled each drop, e.g. {@code PAYLOAD_MALFORMED} (only the types seen).
 * </ul>
 */
public record IkeStatistics(
        long activeAcquire,
        long activeReceive,
        long acquireFail,
        long receiveFail,
        long sendFail,
        long acquireHeapSize,
        long receiveHeapSize,
        long negotiationFailures,
        long authenticationFailures,
        long invalidCookiesReceived,
        long totalAcquire,
        long totalGetSpi,
        long totalKeyAdd,
        long totalKeyUpdate,
        long getSpiFail,
        long keyAddFail,
        long keyUpdateFail,
        long isadbListSize,
        long connListSize,
        long oakleyMainModes,
        long oakleyQuickModes,
        long softAssociations,
        long invalidPacketsReceived,
        long selectorsRefused,
        long unsupportedExchanges,
        long foreignDeletes,
        long internalErrors,
        Map<String, Long> invalidPacketsByType) {

    public IkeStatistics {
        invalidPacketsByType = invalidPacketsByType == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(invalidPacketsByType));
    }

    /**
     * The engine's counters under the Win32 names. The engine's current-count gauges
     * {@code MAIN_MODES}/{@code QUICK_MODES} have no IKE_STATISTICS field (show mm/qm list those
     * SAs); {@code oakleyMainModes}/{@code oakleyQuickModes} are its completed-exchange totals.
     */
    public static IkeStatistics from(org.ikd.core.ike.IkeStatistics engine) {
        Map<IkeCounter, Long> c = engine.snapshot();
        return new IkeStatistics(c.get(IkeCounter.ACTIVE_ACQUIRE), c.get(IkeCounter.ACTIVE_RECEIVE),
                c.get(IkeCounter.ACQUIRE_FAILURES), c.get(IkeCounter.RECEIVE_FAILURES), c.get(IkeCounter.SEND_FAILURES),
                c.get(IkeCounter.ACQUIRE_HEAP_SIZE), c.get(IkeCounter.RECEIVE_HEAP_SIZE),
                c.get(IkeCounter.NEGOTIATION_FAILURES), c.get(IkeCounter.AUTHENTICATION_FAILURES),
                c.get(IkeCounter.INVALID_COOKIES_RECEIVED), c.get(IkeCounter.TOTAL_ACQUIRE), c.get(IkeCounter.TOTAL_GET_SPI),
                c.get(IkeCounter.KEY_ADDITIONS), c.get(IkeCounter.KEY_UPDATES), c.get(IkeCounter.GET_SPI_FAILURES),
                c.get(IkeCounter.KEY_ADDITION_FAILURES), c.get(IkeCounter.KEY_UPDATE_FAILURES),
                c.get(IkeCounter.ISADB_LIST_SIZE), c.get(IkeCounter.CONNECTION_LIST_SIZE),
                c.get(IkeCounter.OAKLEY_MAIN_MODES), c.get(IkeCounter.OAKLEY_QUICK_MODES),
                c.get(IkeCounter.SOFT_ASSOCIATIONS), c.get(IkeCounter.INVALID_PACKETS_RECEIVED),
                c.get(IkeCounter.SELECTORS_REFUSED), c.get(IkeCounter.UNSUPPORTED_EXCHANGES),
                c.get(IkeCounter.FOREIGN_DELETES), c.get(IkeCounter.INTERNAL_ERRORS), engine.invalidPacketsByType());
    }
}
