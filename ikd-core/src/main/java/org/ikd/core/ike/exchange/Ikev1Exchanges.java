package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
import org.ikd.core.ike.Entropy;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.ExchangeFactory;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.XauthPasswords;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.auth.PreSharedKeys;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.DeletePayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.NegotiationOptions;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;

/**
 * IKEv1 for the engine: makes Main Mode, Aggressive Mode, Quick Mode and Informational exchanges and the
 * Informational messages the engine sends by itself (Delete, R-U-THERE). Holds what the exchanges
 * share: the policy, the keys, randomness and the IPsec SA registry. Confined to the IKE event loop.
 */
public final class Ikev1Exchanges implements ExchangeFactory {
    private final Supplier<Policy> policy;
    private final PreSharedKeys preSharedKeys;
    private final Entropy entropy;
    private final DhSource dh;
    private final PairRegistry ipsecSas;
    private final ExchangeOptions options;
    private final RemoteAccessGateway remoteAccess;
    private final XauthPasswords prompted;
    private long nextPairId = 1;

    public Ikev1Exchanges(Supplier<Policy> policy, PreSharedKeys preSharedKeys, Entropy entropy, DhSource dh,
                          PairRegistry ipsecSas, ExchangeOptions options) {
        this(policy, preSharedKeys, entropy, dh, ipsecSas, options, new XauthPasswords());
    }

    /** {@code prompted}: the XAUTH passwords an admin typed for road-warrior rules without a password file. */
    public Ikev1Exchanges(Supplier<Policy> policy, PreSharedKeys preSharedKeys, Entropy entropy, DhSource dh,
                          PairRegistry ipsecSas, ExchangeOptions options, XauthPasswords prompted) {
        this.prompted = prompted;
        this.policy = policy;
        this.preSharedKeys = preSharedKeys;
        this.entropy = entropy;
        this.dh = dh;
        this.ipsecSas = ipsecSas;
        this.options = options;
        this.remoteAccess = new RemoteAccessGateway(this);
    }

    Policy policy() { return policy.get(); }
    PreSharedKeys preSharedKeys() { return preSharedKeys; }
    Entropy entropy() { return entropy; }
    DhSource dh() { return dh; }
    PairRegistry ipsecSas() { return ipsecSas; }
    ExchangeOptions options() { return options; }
    RemoteAccessGateway remoteAccess() { return remoteAccess; }
    XauthPasswords prompted() { return prompted; }

    long nextPairId() {
        return nextPairId++;
    }

    @Override
    public Exchange respondPhaseOne(IsakmpSa sa, InboundMessage first) {
        if (first.exchangeType() == ExchangeType.AGGRESSIVE.value()) return new AggressiveModeResponder(sa, this);
        if (first.exchangeType() != ExchangeType.MAIN_MODE.value())
            throw new IsakmpException(NotifyType.UNSUPPORTED_EXCHANGE_TYPE, "found exchange type "
                    + ExchangeType.valueOf(first.exchangeType()) + " to start phase 1, expected MAIN_MODE or AGGRESSIVE");
        return new MainModeResponder(sa, this);
    }

    /**
     * RFC 2409 §5.4: a first Aggressive Mode message from {@code peer} is ours to answer only when its
     * IDii selects a rule that opted in ({@link AggressiveRules}); a message that does not decode is
     * not, and goes the way of every other unspoken exchange (INVALID-EXCHANGE-TYPE, rate-limited).
     */
    @Override
    public boolean answersAggressiveMode(InetAddress peer, Bytes message) {
        try {
            var msg = IsakmpMessage.decode(ByteBuffer.wrap(message.toArray()));
            var idii = msg.first(IdentificationPayload.class);
            return idii.isPresent() && AggressiveRules.select(policy(), peer, idii.get()).isPresent();
        } catch (IsakmpException e) {
            return false;
        }
    }

    @Override
    public Exchange respond(IsakmpSa sa, InboundMessage first) {
        if (first.exchangeType() == ExchangeType.INFORMATIONAL.value()) return new Informational(sa, this);
        if (first.exchangeType() == ExchangeType.TRANSACTION.value()) {
            var login = XauthClient.loginFor(sa, this);
            if (sa.state() == IsakmpSa.State.ESTABLISHED && sa.remoteAccess() != null) return new ModeConfigResponder(sa, this);
            if (sa.state() == IsakmpSa.State.ESTABLISHED && login.isPresent()) return new XauthClient(sa, this, login.get());
            throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE, "found a Transaction (XAUTH, Mode-Config) from a peer"
                    + " that is neither our road warrior (remote-access rule) nor our gateway (xauth-login)");
        }
        if (first.exchangeType() == ExchangeType.QUICK_MODE.value()) {
            if (sa.state() != IsakmpSa.State.ESTABLISHED)
                throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE, "found Quick Mode before Main Mode completed");
            return new QuickModeResponder(sa, this, first.messageId());
        }
        throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE, "found exchange type "
                + ExchangeType.valueOf(first.exchangeType()) + " with a new message ID, expected QUICK_MODE or INFORMATIONAL");
    }

    @Override
    public void afterPhaseOne(IsakmpSa sa, java.time.Instant now) {
        remoteAccess.afterPhaseOne(sa, now);
        if (XauthClient.loginFor(sa, this).isPresent()) sa.awaitLease();    // the gateway refuses Quick Mode before it
    }

    @Override
    public Exchange initiatePhaseOne(IsakmpSa sa, AcquireRequest acquire) {
        Rule rule = negotiating(acquire);
        if (rule.isRemoteAccess())           // its peers are wherever they roam: they start phase 1, we answer
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "rule '" + rule.name() + "' serves road warriors:"
                    + " they start Main Mode, the gateway never does (it renews their Quick Modes on their ISAKMP SA)");
        return rule.options().aggressive() ? new AggressiveModeInitiator(sa, this, rule) : new MainModeInitiator(sa, this, rule);
    }

    @Override
    public Exchange initiatePhaseTwo(IsakmpSa sa, int messageId, AcquireRequest acquire) {
        Rule rule = negotiating(acquire);
        return new QuickModeInitiator(sa, this, messageId, rule, narrowedToLease(sa, rule, acquire));
    }

    /**
     * Our side of a road warrior's Quick Mode is the address its gateway leased to it, one host
     * (draft-dukes-ike-mode-cfg-02 §1: the client uses it as its source in the tunnel), whatever the rule's filter says.
     */
    private static AcquireRequest narrowedToLease(IsakmpSa sa, Rule rule, AcquireRequest acquire) {
        if (rule.options().xauthLogin() == null || sa.virtualAddress() == null) return acquire;
        Selector f = acquire.flow();
        return new AcquireRequest(acquire.ruleName(), new Selector(Subnet.host(sa.virtualAddress()), f.destination(), f.protocol(),
                f.sourcePorts(), f.destinationPorts()), acquire.local(), acquire.peer());
    }

    @Override
    public String ruleFor(IsakmpSa sa, java.time.Instant now) {
        List<Rule> rules = org.ikd.core.ike.auth.RulePreSharedKeys.rulesFor(policy(), sa.remote().getAddress());
        if (sa.authentication() != null)
            for (Rule r : rules) if (sa.authentication().satisfies(r, now)) return r.name();
        return rules.isEmpty() ? null : rules.get(0).name();
    }

    @Override
    public boolean mayKey(IsakmpSa sa, AcquireRequest acquire, java.time.Instant now) {
        Rule rule = policy().rule(acquire.ruleName()).orElse(null);
        if (rule == null) return true;                                  // no rule: the Quick Mode fails and says so
        if (!roadWarriorFits(sa, rule, acquire) || sa.awaitingLease()) return false;      // our lease first (SaTable holds it)
        return PhaseTwoBinding.authorized(sa, rule, now) && natTraversalFits(sa, rule);
    }

    /**
     * A road warrior's ISAKMP SA keys only its own remote-access rule's Quick Modes, for its lease: the
     * gateway renews a road warrior's pair on that road warrior's SA, never on another's behind the
     * same NAT (the same address), and keys no ordinary rule on it.
     */
    private static boolean roadWarriorFits(IsakmpSa sa, Rule rule, AcquireRequest acquire) {
        var session = sa.remoteAccess();
        if (!rule.isRemoteAccess()) return session == null;
        return session != null && session.authenticated() && rule.name().equals(session.ruleName())
                && session.holds(acquire.flow().destination());
    }

    /**
     * A rule's NAT-T (RFC 3947) is settled by the Main Mode its SAs are keyed under: a rule that forces
     * UDP encapsulation needs an ISAKMP SA on NAT-T, one with NAT-T off an ISAKMP SA without it, and
     * an auto rule one that did not float only because another rule forced it; else a new Main Mode.
     * The daemon-wide {@link ExchangeOptions#forceUdpEncapsulation} makes every rule but an off one force.
     */
    boolean natTraversalFits(IsakmpSa sa, Rule rule) {
        NegotiationOptions.NatTraversal mode = rule.options().natTraversal();
        if (options.forceUdpEncapsulation() && mode == NegotiationOptions.NatTraversal.AUTO) mode = NegotiationOptions.NatTraversal.FORCE;
        return switch (mode) {
            case FORCE -> sa.natTraversal();
            case OFF -> !sa.natTraversal();
            case AUTO -> !sa.natTraversalForced();
        };
    }

    private Rule negotiating(AcquireRequest acquire) {
        if (Policy.DEFAULT_RESPONSE.equals(acquire.ruleName()))       // Windows: it answers, never initiates
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "the " + Policy.DEFAULT_RESPONSE
                    + " only answers negotiations a peer starts; it never initiates one");
        Rule rule = policy().rule(acquire.ruleName()).orElseThrow(() -> NegotiationFailure.refused(
                IkeEvent.Phase.MAIN_MODE, "no rule named '" + acquire.ruleName() + "' in the policy"));
        if (!(rule.action() instanceof FilterAction.Negotiate))
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "rule '" + rule.name() + "' does not negotiate");
        return rule;
    }

    /** The ENCAPSULATION_MODE for a new IPsec SA on {@code sa} (RFC 2407 §4.5, RFC 3947 §5.1). */
    EncapsulationMode encapsulation(IsakmpSa sa, boolean tunnel) {
        if (!sa.natTraversal()) return tunnel ? EncapsulationMode.TUNNEL : EncapsulationMode.TRANSPORT;
        return (sa.natTraversalDraft() ? NatTraversalVersion.DRAFT_02 : NatTraversalVersion.RFC_3947).encapsulation(tunnel);
    }

    @Override
    public List<Bytes> deleteAll(IsakmpSa sa, int messageId, List<IpsecSaPair> pairs) {
        List<Bytes> out = new ArrayList<>();
        for (IpsecSaPair p : pairs) out.addAll(deleteIpsec(sa, sa.newMessageId(entropy), p));
        Bytes cookies = Bytes.concat(sa.cookies().initiatorBytes(), sa.cookies().responderBytes());
        out.add(informational(sa, messageId, List.of(new DeletePayload(Doi.IPSEC, ProtocolId.ISAKMP, 16, List.of(cookies)))));
        return out;
    }

    /** One Delete per protocol naming our inbound SPIs, the ones the peer sends to (RFC 2408 §3.15). */
    @Override
    public List<Bytes> deleteIpsec(IsakmpSa sa, int messageId, IpsecSaPair pair) {
        List<Bytes> out = new ArrayList<>();
        for (IpsecSaSpec s : pair.inbound().sas()) {
            ProtocolId p = s.protocol() == org.ikd.core.sa.IpsecProtocol.ESP ? ProtocolId.ESP : ProtocolId.AH;
            int id = out.isEmpty() ? messageId : sa.newMessageId(entropy);
            out.add(informational(sa, id, List.of(new DeletePayload(Doi.IPSEC, p, 4, List.of(Phase2Material.bytes(s.spi()))))));
        }
        return out;
    }

    @Override
    public List<Bytes> dpdProbe(IsakmpSa sa, int messageId, int sequence) {
        return List.of(informational(sa, messageId, List.of(dpdNotify(sa, NotifyType.R_U_THERE,
                Bytes.of(ByteBuffer.allocate(4).putInt(sequence).array())))));
    }

    /**
     * N(INVALID-SPI) with protocol ESP and the SPI in the SPI field (RFC 2407 §4.6.3, RFC 2408 §3.14.1),
     * then D(ESP, SPI) in a message of its own: strongSwan acts on the Delete only, and stops reading
     * a message at an error notify (see UnknownSpis).
     */
    @Override
    public List<Bytes> invalidSpi(IsakmpSa sa, int messageId, int spi) {
        Bytes named = Bytes.of(ByteBuffer.allocate(4).putInt(spi).array());
        return List.of(
                informational(sa, messageId, List.of(new NotificationPayload(Doi.IPSEC, ProtocolId.ESP, NotifyType.INVALID_SPI, named, Bytes.EMPTY))),
                informational(sa, sa.newMessageId(entropy), List.of(new DeletePayload(Doi.IPSEC, ProtocolId.ESP, 4, List.of(named)))));
    }

    /**
     * The first negotiate rule, in policy order, that covers ESP from {@code peer} to {@code local}. Its
     * flow: transport mode, the matching selector narrowed to the two hosts; tunnel mode, the rule's first
     * filter as written (our side first, as policies write them; its mirror is the peer's direction).
     */
    @Override
    public AcquireRequest recoveryAcquire(InetAddress local, InetAddress peer) {
        for (Rule r : policy().rules()) {
            if (!(r.action() instanceof FilterAction.Negotiate)) continue;
            if (r.isTunnel()) {
                if (r.tunnelEndpoint().equals(peer) && (r.localTunnelEndpoint() == null || r.localTunnelEndpoint().equals(local)))
                    return new AcquireRequest(r.name(), r.filterList().filters().get(0).selector(), local, peer);
                continue;
            }
            for (Filter f : r.filterList().filters())
                for (Selector s : f.expand())
                    if (s.source().contains(local) && s.destination().contains(peer))
                        return new AcquireRequest(r.name(), new Selector(Subnet.host(local), Subnet.host(peer), s.protocol(),
                                s.sourcePorts(), s.destinationPorts()), local, peer);
        }
        return null;
    }

    /** R-U-THERE or R-U-THERE-ACK (RFC 3706 §5): both cookies as SPI, the sequence number as data. */
    Bytes dpd(IsakmpSa sa, NotifyType type, Bytes sequence) {
        return informational(sa, sa.newMessageId(entropy), List.of(dpdNotify(sa, type, sequence)));
    }

    private static NotificationPayload dpdNotify(IsakmpSa sa, NotifyType type, Bytes sequence) {
        return new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, type,
                Bytes.concat(sa.cookies().initiatorBytes(), sa.cookies().responderBytes()), sequence);
    }

    /** An error notify for the peer: protected once keys exist, else in the clear. */
    Bytes notify(IsakmpSa sa, NotifyType type) {
        if (sa.protection() == null) return Wire.unprotectedNotify(sa.cookies(), type, entropy);
        return informational(sa, sa.newMessageId(entropy), List.of(new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, type,
                Bytes.EMPTY, Bytes.EMPTY)));
    }

    /** HDR*, HASH(1), N/D (RFC 2409 §5.7). */
    static Bytes informational(IsakmpSa sa, int messageId, List<? extends Payload> body) {
        Bytes hash = sa.protection().phase2Hash().informational(messageId, Wire.chain(body));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(hash)));
        payloads.addAll(body);
        Bytes sealed = Wire.sealed(sa, ExchangeType.INFORMATIONAL, messageId, payloads);
        sa.protection().forget(messageId);
        return sealed;
    }
}
