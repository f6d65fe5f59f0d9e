package org.ikd.core.ike;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.AddressText;
import org.ikd.core.sa.Spi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane received ESP on an SPI it does not know (RFC 4303 §3.4.2: the packet is dropped and
 * counted): the peer holds SAs we lost, because we restarted, or we deleted them while it did not.
 * Left alone its traffic stays dead until its DPD notices, or until we send. So we make the peer
 * replace its stale SAs (issue 15). Confined to the IKE event loop.
 *
 * <ol>
 * <li>An SPI that IKE has handed out is no stale SA but one the data plane does not have yet: a
 *     Quick Mode initiator may send on a new pair before we, the responder, installed it (RFC 2409
 *     §5.5: we install on HASH(3)). Telling the peer to delete it would kill a fresh pair: nothing.
 * <li>At most one action per peer every {@link #PER_PEER} and {@link #PER_SECOND} a second in all
 *     (see there); the rest is dropped here, silently (the data plane counted the packets).
 * <li>An established ISAKMP SA with the peer: a protected Informational with N(INVALID-SPI) naming
 *     the SPI (RFC 2408 §3.14.1 type 11, RFC 2407 §4.6.3: protocol ESP, the SPI in the SPI field),
 *     then one with D(ESP, SPI) (RFC 2408 §3.15). strongSwan's IKEv1 informational task only logs an
 *     error notify on an established SA ("received INVALID_SPI error notify") and stops reading the
 *     message there, so the Delete, which it does act on (quick_delete: the CHILD_SA whose outbound
 *     SPI it is goes, and traffic re-acquires), travels in a message of its own. It is honest: we hold
 *     no SA receiving on that SPI.
 * <li>A Main Mode with the peer already running: nothing; it ends in INITIAL-CONTACT or Quick Modes.
 * <li>Otherwise, when a negotiate rule covers the packet's outer addresses (transport mode: the rule's
 *     selector covers us to the peer; tunnel mode: the rule's tunnel endpoint is the packet's source):
 *     a new Main Mode under that rule, then a Quick Mode for the rule's traffic. With no SA of any kind
 *     left with the peer (a restart) message 5 carries INITIAL-CONTACT (RFC 2407 §4.6.3.3), and the peer
 *     (ikd, or charon: "delete any existing IKE_SAs with that peer") drops every SA it holds with us.
 *     The Quick Mode is ours to start: charon with kernel-libipsec has no trap policies (libipsec
 *     reports no acquires), so it would never negotiate the tunnel again by itself.
 * <li>No rule covers it: nothing. A stranger's ESP never makes us start IKE.
 * </ol>
 */
final class UnknownSpis {
    private static final Logger log = LoggerFactory.getLogger(UnknownSpis.class);
    /**
     * A peer's traffic on a stale SA keeps coming (a ping a second, a TCP stream thousands): one Main
     * Mode or Informational answers all of it. 5 s is longer than a Main Mode takes to settle on a slow
     * link (its first retransmission comes after 1 s, RFC 2408 leaves it to us) and shorter than the
     * DPD delays peers use (charon's 30 s, ours 10 s and up), so recovery does not wait for DPD.
     */
    static final Duration PER_PEER = Duration.ofSeconds(5);
    /**
     * A Main Mode costs a Diffie-Hellman computation on both sides, so a flood of ESP with forged
     * sources from addresses our rules cover must not turn into a flood of Main Modes: at most 10 a
     * second in all, the rate UnsupportedExchanges answers at; a restart of a gateway with a few
     * hundred peers recovers them all within a minute even so, as each peer's traffic keeps asking.
     */
    static final int PER_SECOND = 10;
    /** Peers remembered for {@link #PER_PEER}; beyond it the oldest entries are swept, then newcomers wait. */
    static final int REMEMBERED = 4096;

    /** What the engine does for this class. */
    interface Engine {
        /** Starts a Main Mode for {@code acquire} (INITIAL-CONTACT unless we hold SAs with the peer), then its Quick Mode. */
        IsakmpSa initiate(AcquireRequest acquire, Instant now, Step.Builder out);
    }

    private final SaTable table;
    private final ExchangeFactory exchanges;
    private final Entropy entropy;
    private final SpiAllocator spis;
    private final Engine engine;
    private final Map<InetAddress, Instant> lastAction = new HashMap<>();
    private Instant window = Instant.EPOCH;
    private int inWindow;

    UnknownSpis(SaTable table, ExchangeFactory exchanges, Entropy entropy, SpiAllocator spis, Engine engine) {
        this.table = table;
        this.exchanges = exchanges;
        this.entropy = entropy;
        this.spis = spis;
        this.engine = engine;
    }

    /** ESP from {@code peer} to our {@code local} address on {@code spi}, which no inbound SA has. */
    void received(InetAddress peer, InetAddress local, int spi, Instant now, Step.Builder out) {
        String what = "ESP from " + AddressText.of(peer) + " on unknown SPI " + String.format("%08x", spi);
        if (spis.isReserved(new Spi(spi))) {
            log.debug("{}: negotiated, not installed yet", what);
            return;
        }
        if (!admit(peer, now)) {
            log.debug("{}: already acted on within {} s, or {} actions this second", what, PER_PEER.toSeconds(), PER_SECOND);
            return;
        }
        IsakmpSa sa = table.informingWith(peer);
        if (sa != null) {
            try {
                for (Bytes m : exchanges.invalidSpi(sa, sa.newMessageId(entropy), spi)) out.send(sa.datagram(m));
            } catch (RuntimeException e) {
                log.warn("{}: could not build the INVALID-SPI Informational on {}", what, sa, e);
                return;
            }
            out.event(new IkeEvent.Progress(sa.cookies(), sa.remote(), what + " -> INFO send N(INVALID-SPI), D(ESP "
                    + String.format("%08x", spi) + "): the peer holds an SA we do not (RFC 2408 §3.14.1, §3.15)"));
            return;
        }
        if (table.initiatingWith(peer) != null) {
            log.debug("{}: a Main Mode with it is running", what);
            return;
        }
        AcquireRequest acquire = exchanges.recoveryAcquire(local, peer);
        if (acquire == null) {
            log.debug("{}: no negotiate rule covers it, ignored", what);
            return;
        }
        IsakmpSa fresh;
        try {
            fresh = engine.initiate(acquire, now, out);
        } catch (RuntimeException e) {              // the rule changed under us, say: the next report tries again
            log.warn("{}: could not start a Main Mode under rule '{}'", what, acquire.ruleName(), e);
            return;
        }
        out.event(new IkeEvent.Progress(fresh.cookies(), fresh.remote(), what
                + " and no ISAKMP SA with it -> Main Mode under rule '" + acquire.ruleName() + "'"
                + (fresh.sendsInitialContact() ? " with INITIAL-CONTACT (RFC 2407 §4.6.3.3)" : "")));
    }

    /** The per-peer and global limits; true (and counted) when this report may act. */
    private boolean admit(InetAddress peer, Instant now) {
        Instant last = lastAction.get(peer);
        if (last != null && now.isBefore(last.plus(PER_PEER))) return false;
        if (!now.isBefore(window.plusSeconds(1))) {
            window = now;
            inWindow = 0;
        }
        if (inWindow >= PER_SECOND) return false;
        if (last == null && lastAction.size() >= REMEMBERED) {
            lastAction.values().removeIf(t -> !now.isBefore(t.plus(PER_PEER)));
            if (lastAction.size() >= REMEMBERED) return false;
        }
        inWindow++;
        lastAction.put(peer, now);
        return true;
    }
}
