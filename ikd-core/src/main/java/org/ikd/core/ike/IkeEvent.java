package org.ikd.core.ike;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.policy.MainModeMethod;
import org.ikd.core.policy.Selector;
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

    /**
     * What a failure is, by the Windows audit event that reports it (msaudite.h, Windows XP/2003:
     * 544 SE_AUDITID_IPSEC_AUTH_FAIL_CERT_TRUST, 545 SE_AUDITID_IPSEC_AUTH_FAIL, 546
     * SE_AUDITID_IPSEC_ATTRIB_FAIL, 547 SE_AUDITID_IPSEC_NEGOTIATION_FAIL).
     */
    enum FailureKind {
        /** 544: the peer's certificate does not chain to a CA we trust (or is revoked or expired). */
        CERTIFICATE_TRUST,
        /** 545: the peer did not authenticate: its HASH or signature does not verify, or no key fits it. */
        AUTHENTICATION,
        /** 546: the peer proposed nothing we accept. */
        INVALID_PROPOSAL,
        /** 547 only: any other failure (time-out, the peer refused, a rule forbids it, ...). */
        NEGOTIATION
    }

    /**
     * Who and where, for events about one ISAKMP SA: its serial (0: none, e.g. an acquire that failed
     * before Main Mode began), our role, both addresses, the rule it negotiates for (null: none
     * applies), the peer's authenticated ID (null before Main Mode 5/6) and its vendor ("" unknown).
     */
    record IsakmpSaFacts(long serial, IsakmpSa.Role role, InetSocketAddress local, InetSocketAddress remote, String rule,
                         String peerId, String peerVendor) {
        public IsakmpSaFacts {
            peerVendor = peerVendor == null ? "" : peerVendor;
        }

        /** {@code sa} as it is now, negotiating for {@code rule}. */
        public static IsakmpSaFacts of(IsakmpSa sa, String rule) {
            return new IsakmpSaFacts(sa.serial(), sa.role(), sa.local(), sa.remote(), rule, sa.peerId(), sa.peerVendor());
        }

        /** Only the addresses are known (no ISAKMP SA yet). */
        public static IsakmpSaFacts between(InetSocketAddress local, InetSocketAddress remote, String rule) {
            return new IsakmpSaFacts(0, IsakmpSa.Role.INITIATOR, local, remote, rule, null, "");
        }
    }

    /**
     * An ISAKMP SA completed Main Mode (or Aggressive Mode) with {@code method} (RFC 2409 App. A),
     * authenticated by {@code auth} ({@code authentication}: its keyword, {@code psk}, {@code rsa-sig},
     * {@code ecdsa-256}, ...), for {@code lifetime}. {@code summary} is the Oakley log's wording, e.g.
     * {@code aes128-sha256-modp2048 psk, NAT-T (peer behind a NAT)}: for people, not for parsing.
     * The engine fills {@code sa} in as it publishes the event.
     */
    record PhaseOneEstablished(CookiePair cookies, IsakmpSaFacts sa, MainModeMethod method, AuthMethod auth,
                               String authentication, Duration lifetime, String summary) implements IkeEvent {
        /** An exchange's: the engine completes {@code sa} ({@link #with}). */
        public PhaseOneEstablished(IsakmpSa sa, String peerId, MainModeMethod method, AuthMethod auth, String authentication,
                                   Duration lifetime, String summary) {
            this(sa.cookies(), new IsakmpSaFacts(sa.serial(), sa.role(), sa.local(), sa.remote(), null, peerId, sa.peerVendor()),
                    method, auth, authentication, lifetime, summary);
        }

        /** A test's or a fake exchange's, with no method. */
        public PhaseOneEstablished(CookiePair cookies, InetSocketAddress local, InetSocketAddress remote, IsakmpSa.Role role,
                                   String peerId, String summary) {
            this(cookies, new IsakmpSaFacts(0, role, local, remote, null, peerId, ""), null, AuthMethod.PRE_SHARED_KEY, "psk",
                    Duration.ZERO, summary);
        }

        public PhaseOneEstablished with(IsakmpSaFacts facts) {
            return new PhaseOneEstablished(cookies, facts, method, auth, authentication, lifetime, summary);
        }

        public InetSocketAddress local() { return sa.local(); }
        public InetSocketAddress remote() { return sa.remote(); }
        public IsakmpSa.Role role() { return sa.role(); }
        public String peerId() { return sa.peerId(); }
    }

    /**
     * A Quick Mode completed: the data plane installs {@code pair} (inbound first).
     * {@code quickModeRoundTrip} is the initiator's QM#1 send to QM#2 receipt; {@link Duration#ZERO}
     * for the responder, which measures none.
     */
    record QuickModeEstablished(CookiePair cookies, InetSocketAddress remote, IpsecSaPair pair,
                                Duration quickModeRoundTrip, IsakmpSaFacts sa) implements IkeEvent {
        public QuickModeEstablished {
            if (quickModeRoundTrip.isNegative()) quickModeRoundTrip = Duration.ZERO;      // the clock stepped back
        }

        /** An exchange's: the engine fills in the ISAKMP SA that keyed it ({@link #with}). */
        public QuickModeEstablished(CookiePair cookies, InetSocketAddress remote, IpsecSaPair pair, Duration quickModeRoundTrip) {
            this(cookies, remote, pair, quickModeRoundTrip, null);
        }

        /** {@code sa}: the ISAKMP SA that keyed the pair (its serial, role, addresses, the pair's rule, peer id and vendor). */
        public QuickModeEstablished with(IsakmpSaFacts sa) {
            return new QuickModeEstablished(cookies, remote, pair, quickModeRoundTrip, sa);
        }

        /** The responder's: no round trip. */
        public QuickModeEstablished(CookiePair cookies, InetSocketAddress remote, IpsecSaPair pair) {
            this(cookies, remote, pair, Duration.ZERO);
        }
    }

    /**
     * We are a road warrior and our gateway gave us {@code lease} by Mode-Config over the ISAKMP SA
     * {@code cookies}: the daemon puts the address on the TUN and routes the networks, until that SA goes.
     */
    record LeaseGranted(CookiePair cookies, InetSocketAddress gateway, String rule, ClientLease lease) implements IkeEvent {}

    /** An SA is gone. */
    record SaDeleted(DeletedSa which, String why, DeletedBy by) implements IkeEvent {}

    /**
     * What the peer proposed and what we accept, each transform as the logs name it (e.g.
     * {@code 3des-sha1-modp1024}, {@code esp:aes128-sha1}); an attribute ikd does not know by number.
     */
    record ProposalMismatch(List<String> received, List<String> expected) {
        public ProposalMismatch {
            received = List.copyOf(received);
            expected = List.copyOf(expected);
        }
    }

    /**
     * A negotiation failed; {@code reason} names the mismatch, e.g. what the peer offered and what we
     * accept (for people). {@code kind} says which audit event reports it, {@code notifyType} is the
     * RFC 2408 §3.14.1 type we sent or received (null: none), {@code mismatch} is set for
     * {@link FailureKind#INVALID_PROPOSAL}, {@code filter} for a Quick Mode with a selector.
     */
    record NegotiationFailed(Phase phase, FailurePoint point, InetSocketAddress remote, String reason, IsakmpSaFacts sa,
                             FailureKind kind, NotifyType notifyType, ProposalMismatch mismatch, Selector filter) implements IkeEvent {
        /** A test's: no facts beyond the peer. */
        public NegotiationFailed(Phase phase, FailurePoint point, InetSocketAddress remote, String reason) {
            this(phase, point, remote, reason, IsakmpSaFacts.between(null, remote, null), FailureKind.NEGOTIATION, null, null, null);
        }

        public NegotiationFailed with(IsakmpSaFacts facts) {
            return new NegotiationFailed(phase, point, remote, reason, facts, kind, notifyType, mismatch, filter);
        }

        public InetSocketAddress local() { return sa.local(); }
        public String rule() { return sa.rule(); }
    }

    /** Dead peer detection (RFC 3706) got no answer: every SA with this peer is deleted. */
    record PeerDead(InetSocketAddress remote, CookiePair cookies) implements IkeEvent {}

    /** An inbound datagram was dropped and counted; {@code reason} says what was found and what was expected. */
    record PacketDropped(InetSocketAddress remote, String reason) implements IkeEvent {}

    /**
     * A peer's Delete named an ISAKMP SA or an IPsec SA that is not one of its own with us (RFC 2408
     * §3.15 lets a peer delete only what it shares with us): ignored and counted; {@code what} names it.
     */
    record ForeignDeleteIgnored(CookiePair cookies, InetSocketAddress remote, String what) implements IkeEvent {}

    /**
     * One line for the Oakley log about a message of a running exchange, e.g. {@code MM#3 recv HDR*, IDii,
     * HASH_I}: {@code exchange} is its column ({@code MM#3}, {@code QM#1a2b3c4d}; {@code IKE} for a line
     * about no one message), {@code text} the whole line as the exchange wrote it. {@code cookies} is null
     * for a line about a peer with no ISAKMP SA (PendingDeletes: a Delete that could not be carried).
     */
    record Progress(CookiePair cookies, InetSocketAddress remote, String exchange, String text) implements IkeEvent {
        private static final String NO_MESSAGE = "IKE";

        /**
         * {@code text} as an exchange writes it: its first word is the column when it names an exchange
         * message (letters, '#', then something). Found once here, where the line is made, so that no
         * consumer parses it.
         */
        public Progress(CookiePair cookies, InetSocketAddress remote, String text) {
            this(cookies, remote, column(text), text);
        }

        /** The line after its column. */
        public String detail() {
            return NO_MESSAGE.equals(exchange) ? text : text.substring(exchange.length() + 1);
        }

        private static String column(String line) {
            int space = line.indexOf(' ');
            return space > 0 && isExchangeColumn(line, space) ? line.substring(0, space) : NO_MESSAGE;
        }

        /** A scan, not a regex: one per progress line on the IKE event loop (issue 8, setup rate). */
        static boolean isExchangeColumn(String text, int end) {
            int hash = 0;
            while (hash < end && isAsciiLetter(text.charAt(hash))) hash++;
            if (hash == 0 || hash >= end - 1 || text.charAt(hash) != '#') return false;
            for (int i = hash + 1; i < end; i++)
                if (" \t\n\u000b\f\r".indexOf(text.charAt(i)) >= 0) return false;     // regex \S
            return true;
        }

        private static boolean isAsciiLetter(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
    }

    /**
     * A NAT re-mapped the peer (RFC 3947 §4, RFC 3948): an authenticated IKE message or ESP packet came
     * from {@code to} instead of {@code from}; IKE and UDP-encapsulated ESP to it now go to {@code to}.
     */
    record PeerMoved(CookiePair cookies, InetSocketAddress from, InetSocketAddress to) implements IkeEvent {}

    /** Names a deleted SA. */
    sealed interface DeletedSa {}

    /** An ISAKMP SA by its cookies, and {@code sa} as it was when it ended. */
    record IsakmpSaRef(CookiePair cookies, IsakmpSaFacts sa) implements DeletedSa {
        public InetSocketAddress remote() { return sa.remote(); }
    }

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
