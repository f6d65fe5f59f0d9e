package org.ikd.core.ike.exchange;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.Reaction;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.DeletePayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.oakley.Phase2Hash;
import org.ikd.core.policy.AddressText;
import org.ikd.core.sa.IpsecProtocol;

/**
 * A received Informational exchange (RFC 2409 §5.7, RFC 2408 §3.14-3.15, RFC 3706):
 * <ol>
 * <li>HDR*, HASH(1), N/D --&gt;   Delete of the ISAKMP SA or of IPsec SAs; R-U-THERE (answered with
 *     HDR*, HASH(1), N(R-U-THERE-ACK)), R-U-THERE-ACK, error and status notifies. An error notify
 *     while Main Mode runs ends it (strongSwan answers a message 5 whose ID it rejects with a
 *     protected AUTHENTICATION-FAILED); afterwards it ends the Quick Mode it names by SPI, or the one
 *     Quick Mode we await an answer to when it names none (strongSwan's NO-PROPOSAL-CHOSEN carries SPI 0).
 * <li>HDR, N --&gt;               before keys exist only: the peer refused our Main Mode (NO-PROPOSAL-CHOSEN,
 *     AUTHENTICATION-FAILED); the negotiation ends. Ignored on an established SA, where it cannot be trusted.
 * <li>HDR*, ... --&gt;            while Main Mode runs, protected under keys that are not ours: the peer could not
 *     decrypt our message 5 (another pre-shared key); the negotiation ends as an authentication failure.
 * </ol>
 * Cases 2 and 3 accept what an attacker who saw the cookies could forge; it costs the victim one
 * Main Mode, which that attacker could stop anyway by dropping packets.
 * Confined to the IKE event loop.
 */
final class Informational implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;

    Informational(IsakmpSa sa, Ikev1Exchanges context) {
        this.sa = sa;
        this.context = context;
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (!in.encrypted()) return unprotected(in);
        MessageProtection p = sa.protection();
        if (p == null) throw new IsakmpException(NotifyType.INVALID_FLAGS, "found an encrypted Informational before keys exist");
        MessageProtection.Opened opened;
        try {
            opened = open(p, in);
        } catch (IsakmpException e) {
            if (sa.state() == IsakmpSa.State.NEGOTIATING) throw keysDiffer(e);
            throw e;
        }
        IsakmpMessage msg = opened.message();
        p.accept(opened);
        p.forget(in.messageId());
        List<IkeEvent> events = new ArrayList<>();
        List<Bytes> answers = new ArrayList<>();
        for (DeletePayload d : msg.all(DeletePayload.class)) delete(d, events);
        for (NotificationPayload n : msg.all(NotificationPayload.class)) notified(n, events, answers);
        return new Reaction(answers, false, events, true);
    }

    private static MessageProtection.Opened open(MessageProtection p, InboundMessage in) {
        MessageProtection.Opened opened = p.open(in.bytes());
        IsakmpMessage msg = opened.message();
        MessageRules.check(ExchangeStep.INFORMATIONAL, msg);
        if (!Phase2Hash.verify(p.phase2Hash().informational(in.messageId(), msg.encodePayloads(1)), Wire.one(msg, HashPayload.class).hash()))
            throw new IsakmpException(NotifyType.INVALID_HASH_INFORMATION, "Informational HASH(1) does not match");
        return opened;
    }

    /**
     * We sent Main Mode message 5 and the peer answered with a protected Informational we cannot
     * open: its SKEYID is not ours, so its pre-shared key differs (strongSwan answers an undecryptable
     * message 5 with HDR*, HASH, N(PAYLOAD-MALFORMED) under its own keys). Ends Main Mode as an
     * authentication failure, just as an unprotected AUTHENTICATION-FAILED does (case 2).
     */
    private NegotiationFailure keysDiffer(IsakmpException e) {
        return new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, "authentication failed: "
                + AddressText.of(sa.remote().getAddress()) + " answered Main Mode message 5 with a protected Informational"
                + " that does not open under our keys (" + e.getMessage() + "): the pre-shared keys differ", true, List.of());
    }

    private Reaction unprotected(InboundMessage in) {
        if (sa.state() != IsakmpSa.State.NEGOTIATING)
            throw new IsakmpException(NotifyType.INVALID_FLAGS, "found an unprotected Informational on an established ISAKMP SA,"
                    + " expected it protected by that SA (RFC 2409 §5.7)");
        IsakmpMessage msg = Wire.decodePlain(in);
        MessageRules.check(ExchangeStep.INFORMATIONAL_UNPROTECTED, msg);
        List<IkeEvent> events = new ArrayList<>();
        for (NotificationPayload n : msg.all(NotificationPayload.class)) {
            if (n.notifyType().value() >= 16384) continue;                   // status, not an error (RFC 2408 §3.14.1)
            String reason = "peer refused Main Mode: " + n.notifyType().name() + hint(n.notifyType());
            events.add(new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, sa.remote(), reason,
                    IkeEvent.IsakmpSaFacts.of(sa, sa.rule()), IkeEvent.FailureKind.NEGOTIATION, n.notifyType(), null, null));
            sa.delete(reason, IkeEvent.DeletedBy.PEER);
        }
        return new Reaction(List.of(), false, events, true);
    }

    /** RFC 2408 §3.14.1 errors that say the peer did not accept who we are or what we proved. */
    private static boolean authenticationRefused(NotifyType t) {
        return t.equals(NotifyType.AUTHENTICATION_FAILED) || t.equals(NotifyType.INVALID_HASH_INFORMATION)
                || t.equals(NotifyType.INVALID_ID_INFORMATION) || t.equals(NotifyType.INVALID_SIGNATURE);
    }

    private static String hint(NotifyType t) {
        if (t.equals(NotifyType.AUTHENTICATION_FAILED) || t.equals(NotifyType.INVALID_HASH_INFORMATION)
                || t.equals(NotifyType.PAYLOAD_MALFORMED)) return " (pre-shared key mismatch?)";
        if (t.equals(NotifyType.NO_PROPOSAL_CHOSEN)) return " (no common Main Mode method)";
        return "";
    }

    /** RFC 2408 §3.15: the ISAKMP SA by its cookies, IPsec SAs by the SPIs the peer receives on (our outbound ones). */
    private void delete(DeletePayload d, List<IkeEvent> events) {
        if (d.protocolId().equals(ProtocolId.ISAKMP)) {
            Bytes ours = Bytes.concat(sa.cookies().initiatorBytes(), sa.cookies().responderBytes());
            for (Bytes cookies : d.spis()) {
                if (cookies.equals(ours)) sa.delete("the peer deleted it", IkeEvent.DeletedBy.PEER);
                else foreign(events, "ISAKMP SA " + cookies.toHex());
            }
            return;
        }
        IpsecProtocol protocol = Phase2Proposals.protocol(d.protocolId()).orElse(null);
        if (protocol == null) return;
        for (Bytes spi : d.spis()) {
            if (spi.length() != 4) continue;
            int value = Phase2Material.spi(spi).value();
            PairRegistry.Entry e = context.ipsecSas().byOutboundSpi(protocol, value, sa.remote().getAddress());
            if (e == null) foreign(events, protocol + " SPI " + String.format("%08x", value));
            if (e == null || context.ipsecSas().remove(e.pair().id()) == null) continue;
            events.add(new IkeEvent.SaDeleted(IkeEvent.IpsecSaRef.of(e.pair(), sa.remote()), "the peer deleted it", IkeEvent.DeletedBy.PEER));
        }
    }

    /** The peer named something it does not hold with us: another peer's SA, or one already gone. */
    private void foreign(List<IkeEvent> events, String what) {
        events.add(new IkeEvent.ForeignDeleteIgnored(sa.cookies(), sa.remote(), "Delete from peer "
                + AddressText.of(sa.remote().getAddress()) + " names " + what + ", which is not one of its SAs with us"
                + " (another peer's, or already gone): ignored"));
    }

    private void notified(NotificationPayload n, List<IkeEvent> events, List<Bytes> answers) {
        NotifyType t = n.notifyType();
        if (t.equals(NotifyType.R_U_THERE)) {
            answers.add(context.dpd(sa, NotifyType.R_U_THERE_ACK, n.data()));     // RFC 3706 §5.2: echo the sequence
        } else if (t.equals(NotifyType.R_U_THERE_ACK)) {
            if (n.data().length() == 4) sa.dpd().acknowledged(ByteBuffer.wrap(n.data().toArray()).getInt());
        } else if (t.value() < 16384 && sa.state() == IsakmpSa.State.NEGOTIATING) {
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER, "peer refused Main Mode: "
                    + t.name() + hint(t), authenticationRefused(t), List.of()).notify(t);
        } else if (t.equals(NotifyType.INVALID_SPI) && installedOutbound(n)) {
            // issue 15: the peer lost the SA we send on (it restarted, say); not a Quick Mode refusal. Its
            // Delete of that SPI follows (ikd sends one; strongSwan acts on nothing else) and removes it.
            events.add(new IkeEvent.Progress(sa.cookies(), sa.remote(), "INFO recv N(INVALID-SPI) for "
                    + n.protocolId() + " SPI " + n.spi().toHex() + ": the peer holds no SA receiving on it"));
        } else if (t.value() < 16384) {
            sa.quickModeRefused(n.spi(), t, "peer reports " + t.name() + (n.spi().isEmpty() ? "" : " for SPI " + n.spi().toHex()));
        } else {
            events.add(new IkeEvent.Progress(sa.cookies(), sa.remote(), "INFO recv N(" + t.name() + ")"));
        }
    }

    /** RFC 2407 §4.6.3: an INVALID-SPI naming one of our installed outbound SPIs with this peer. */
    private boolean installedOutbound(NotificationPayload n) {
        IpsecProtocol protocol = Phase2Proposals.protocol(n.protocolId()).orElse(null);
        return protocol != null && n.spi().length() == 4 && context.ipsecSas().byOutboundSpi(protocol,
                Phase2Material.spi(n.spi()).value(), sa.remote().getAddress()) != null;
    }

    @Override
    public IkeEvent.Phase phase() {
        return IkeEvent.Phase.INFORMATIONAL;
    }

    @Override
    public String name() {
        return "Informational";
    }
}
