package org.ikd.core.ike;

/**
 * The Windows {@code IKE_STATISTICS} counters (ipsecsvc, shown by {@code netsh ipsec dynamic show stats}),
 * under the labels Windows prints. Gauges hold a current size; the rest only grow.
 */
public enum IkeCounter {
    MAIN_MODES("Main Modes", true),
    QUICK_MODES("Quick Modes", true),
    SOFT_ASSOCIATIONS("Soft Associations", false),
    AUTHENTICATION_FAILURES("Authentication Failures", false),
    ACTIVE_ACQUIRE("Active Acquire", true),
    ACTIVE_RECEIVE("Active Receive", true),
    ACQUIRE_FAILURES("Acquire Failures", false),
    RECEIVE_FAILURES("Receive Failures", false),
    SEND_FAILURES("Send Failures", false),
    ACQUIRE_HEAP_SIZE("Acquire Heap Size", true),
    RECEIVE_HEAP_SIZE("Receive Heap Size", true),
    NEGOTIATION_FAILURES("Negotiation Failures", false),
    INVALID_COOKIES_RECEIVED("Invalid Cookies Received", false),
    TOTAL_ACQUIRE("Total Acquire", false),
    TOTAL_GET_SPI("Total Get SPI", false),
    KEY_ADDITIONS("Key Additions", false),
    KEY_UPDATES("Key Updates", false),
    GET_SPI_FAILURES("Get SPI Failures", false),
    KEY_ADDITION_FAILURES("Key Addition Failures", false),
    KEY_UPDATE_FAILURES("Key Update Failures", false),
    ISADB_LIST_SIZE("ISADB List Size", true),
    CONNECTION_LIST_SIZE("Connection List Size", true),
    INVALID_PACKETS_RECEIVED("Invalid Packets Received", false),
    OAKLEY_MAIN_MODES("Oakley Main Modes", false),
    OAKLEY_QUICK_MODES("Oakley Quick Modes", false),
    /** Quick Modes refused because the peer asked for traffic its Main Mode authentication does not allow (ikd's own). */
    SELECTORS_REFUSED("Quick Mode Selectors Refused", false),
    /**
     * Messages of an exchange ikd does not speak (Aggressive Mode, IKEv2), answered with a notify or, past
     * the answers' rate limit, dropped (ikd's own; see {@code UnsupportedExchanges}).
     */
    UNSUPPORTED_EXCHANGES("Unsupported Exchanges", false),
    /** Deletes naming an ISAKMP SA or SPI that the sending peer does not hold with us, ignored (ikd's own). */
    FOREIGN_DELETES("Foreign Deletes Ignored", false),
    /**
     * Datagrams dropped because handling them threw something other than an {@code IsakmpException}:
     * a bug in ikd, not bad input (ikd's own; each is logged with its stack trace).
     */
    INTERNAL_ERRORS("Internal Errors", false);

    private final String label;
    private final boolean gauge;

    IkeCounter(String label, boolean gauge) {
        this.label = label;
        this.gauge = gauge;
    }

    public String label() {
        return label;
    }

    public boolean isGauge() {
        return gauge;
    }
}
