package org.ikd.core.ike.ipsec;

import java.net.InetAddress;
import java.time.Duration;
import org.ikd.core.sa.IpsecSaPair;

/**
 * What the data plane must do for a pair, decided on the IKE event loop and carried out by the
 * daemon in the order given (after the step's events). The daemon decides nothing about pairs.
 */
public sealed interface PairAction {
    /** The pair whose action this is. */
    long pairId();

    /**
     * Install {@code pair} (negotiated with {@code peer}), inbound first. With {@code holdOutbound} its outbound
     * side waits for {@link StartSending}, and packets for its traffic wait where they waited during the
     * negotiation. With {@code sendNow} false its outbound side waits behind
     * the older pair of the same traffic until that one's {@link RetireOutbound} (the rekey handover);
     * {@code keyedBy} is the serial of the ISAKMP SA that keyed it, {@code mainModeInitiator} whether we
     * initiated that Main Mode, {@code peerVendor} who that Main Mode's vendor IDs say the peer is ("" when unknown).
     */
    record Install(IpsecSaPair pair, InetAddress peer, boolean sendNow, long keyedBy, boolean mainModeInitiator,
                   boolean holdOutbound, String peerVendor) implements PairAction {
        public Install(IpsecSaPair pair, InetAddress peer, boolean sendNow, long keyedBy, boolean mainModeInitiator) {
            this(pair, peer, sendNow, keyedBy, mainModeInitiator, false, "");
        }

        public Install(IpsecSaPair pair, InetAddress peer, boolean sendNow, long keyedBy, boolean mainModeInitiator, boolean holdOutbound) {
            this(pair, peer, sendNow, keyedBy, mainModeInitiator, holdOutbound, "");
        }

        public long pairId() { return pair.id(); }
    }

    /**
     * End the hold of a pair installed with {@code holdOutbound}: its outbound side carries the traffic
     * from now on (the Quick Mode initiator waited until the peer could have installed its inbound SA).
     */
    record StartSending(long pairId) implements PairAction {}

    /** Stop sending on the pair; its inbound side keeps accepting until it is removed. */
    record RetireOutbound(long pairId) implements PairAction {}

    /**
     * DPD action clear: drop {@code rule}'s packets to {@code peer} without negotiating, until the peer
     * negotiates with us, {@code ikdctl initiate} or a reload ({@code pairId}: the dead pair).
     */
    record ClearTraffic(long pairId, String rule, InetAddress peer) implements PairAction {}

    /** Remove the pair from the data plane (both sides) and zero its keys. */
    record Remove(long pairId) implements PairAction {}

    /**
     * Release the packets held for {@code rule} towards {@code destination} while the pair was negotiated;
     * {@code roundTrip} is our Quick Mode's (zero for the responder), which scales the release delay.
     */
    record ReleaseHeld(long pairId, String rule, InetAddress destination, Duration roundTrip) implements PairAction {}

    /**
     * A negotiation with {@code peer} failed ({@code reason}): the packets held for it are dropped, or
     * sent clear where their rule falls back to clear (Windows' "fallback to clear").
     */
    record AbandonHeld(InetAddress peer, String reason) implements PairAction {
        /** None: the negotiation made no pair (pair ids start at 1). */
        @Override
        public long pairId() { return 0; }
    }
}
