package org.ikd.core.ike;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.Spi;

/**
 * What the engine tells the daemon: outcomes for the Oakley log (one line each) and the SA pairs
 * for the data plane. Events never carry key bytes in their text ({@link IpsecSaPair} keeps its
 * keys in {@code Secret}s).
 */
public sealed interface IkeEvent {
    enum Phase { MAIN_MODE, QUICK_MODE, INFORMATIONAL }

    /** Which side found the problem: we refused, or the peer refused (told us, or never answered). */
    enum FailurePoint { ME, PEER }

    enum DeletedBy {
        /** We deleted it (admin, policy change, shutdown). */
        LOCAL,
        /** The peer sent a Delete. */
        PEER,
        /** Its lifetime ended. */
        EXPIRED,
        /** Dead peer detection gave up on the peer. */
        DEAD_PEER
    }

    /** An ISAKMP SA completed Main Mode. {@code summary} names the method, e.g. {@code aes128-sha256-modp2048 psk}. */
    record PhaseOneEstablished(CookiePair cookies, InetSocketAddress local, InetSocketAddress remote,
                               IsakmpSa.Role role, String peerId, String summary) implements IkeEvent {}

    /**
     * A Quick Mode completed: the data plane installs {@code pair} (inbound first).
     * {@code quickModeRoundTrip} is the initiator's QM#1 send to QM#2 receipt; {@link Duration#ZERO}
     * for the responder, which measures none.
     */
    record QuickModeEstablished(CookiePair cookies, InetSocketAddress remote, IpsecSaPair pair,
                                Duration quickModeRoundTrip) implements IkeEvent {
        public QuickModeEstablished {
            if (quickModeRoundTrip.isNegative()) quickModeRoundTrip = Duration.ZERO;      // the clock stepped back
        }

        /** The responder's: no round trip. */
        public QuickModeEstablished(CookiePair cookies, InetSocketAddress remote, IpsecSaPair pair) {
            this(cookies, remote, pair, Duration.ZERO);
        }
    }

    /** An SA is gone. */
    record SaDeleted(DeletedSa which, String why, DeletedBy by) implements IkeEvent {}

    /** A negotiation failed; {@code reason} names the mismatch, e.g. what the peer offered and what we accept. */
    record NegotiationFailed(Phase phase, FailurePoint point, InetSocketAddress remote, String reason) implements IkeEvent {}

    /** Dead peer detection (RFC 3706) got no answer: every SA with this peer is deleted. */
    record PeerDead(InetSocketAddress remote, CookiePair cookies) implements IkeEvent {}

    /** An inbound datagram was dropped and counted; {@code reason} says what was found and what was expected. */
    record PacketDropped(InetSocketAddress remote, String reason) implements IkeEvent {}

    /**
     * A peer's Delete named an ISAKMP SA or an IPsec SA that is not one of its own with us (RFC 2408
     * §3.15 lets a peer delete only what it shares with us): ignored and counted; {@code what} names it.
     */
    record ForeignDeleteIgnored(CookiePair cookies, InetSocketAddress remote, String what) implements IkeEvent {}

    /** One line for the Oakley log about a message of a running exchange, e.g. {@code MM#3 recv HDR*, IDii, HASH_I}. */
    record Progress(CookiePair cookies, InetSocketAddress remote, String text) implements IkeEvent {}

    /**
     * A NAT re-mapped the peer (RFC 3947 §4, RFC 3948): an authenticated IKE message or ESP packet came
     * from {@code to} instead of {@code from}; IKE and UDP-encapsulated ESP to it now go to {@code to}.
     */
    record PeerMoved(CookiePair cookies, InetSocketAddress from, InetSocketAddress to) implements IkeEvent {}

    /** Names a deleted SA. */
    sealed interface DeletedSa {}

    record IsakmpSaRef(CookiePair cookies, InetSocketAddress remote) implements DeletedSa {}

    /** An IPsec SA pair by its {@link IpsecSaPair#id()} and its SPIs (one per protocol and direction). */
    record IpsecSaRef(long pairId, String ruleName, IpsecProtocol protocol, List<Spi> inbound, List<Spi> outbound,
                      InetSocketAddress remote) implements DeletedSa {
        public IpsecSaRef {
            inbound = List.copyOf(inbound);
            outbound = List.copyOf(outbound);
        }

        /** Names {@code pair} by its outermost protocol and every SPI, innermost first. */
        public static IpsecSaRef of(IpsecSaPair pair, InetSocketAddress remote) {
            return new IpsecSaRef(pair.id(), pair.ruleName(), pair.inbound().outermost().protocol(),
                    pair.inbound().sas().stream().map(org.ikd.core.sa.IpsecSaSpec::spi).toList(),
                    pair.outbound().sas().stream().map(org.ikd.core.sa.IpsecSaSpec::spi).toList(), remote);
        }
    }
}
