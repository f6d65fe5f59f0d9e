package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.Reaction;
import org.ikd.core.ike.RemoteAccessSession;
import org.ikd.core.isakmp.doi.ConfigAttribute;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.RemoteAccess;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.Subnet;

/**
 * Mode-Config pull, the gateway's side (draft-dukes-ike-mode-cfg-02 §3.4, a Transaction under the
 * client's message ID):
 * <ol>
 * <li>HDR*, HASH, ATTR(CFG_REQUEST: INTERNAL_IP4_ADDRESS, INTERNAL_IP4_DNS, ...) --&gt;
 *     &lt;-- HDR*, HASH, ATTR(CFG_REPLY: the leased address and what else was asked for and we have)
 * </ol>
 * Only after XAUTH succeeded: before, there is no user to lease to. One lease per ISAKMP SA; asking again
 * gets the same address. Attributes we do not serve are left out of the reply (§3.3: "the responder
 * ... MAY return ... only those it supports"). Confined to the IKE event loop.
 */
final class ModeConfigResponder implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private boolean answered;

    ModeConfigResponder(IsakmpSa sa, Ikev1Exchanges context) {
        this.sa = sa;
        this.context = context;
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (answered) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for Mode-Config "
                + String.format("%08x", in.messageId()) + ", expected none: it is complete");
        AttributePayload request = Transactions.open(sa, in);
        try {
            return answer(request, in.messageId());
        } finally {
            sa.protection().forget(in.messageId());            // the chain of this message ID ends with our reply (or none)
        }
    }

    private Reaction answer(AttributePayload request, int messageId) {
        if (request.cfgType() != AttributePayload.REQUEST)
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found " + request.typeName() + " opening a Transaction,"
                    + " expected CFG_REQUEST (a client's CFG_ACK answers our CFG_SET under its message ID)");
        RemoteAccessSession session = sa.remoteAccess();
        if (session == null || !session.authenticated())
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "Mode-Config CFG_REQUEST from "
                    + AddressText.of(sa.remote().getAddress()) + " before XAUTH succeeded: refused, no address given");
        Rule rule = context.policy().rule(session.ruleName()).filter(Rule::isRemoteAccess).orElseThrow(() ->
                NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "Mode-Config for user '" + session.user() + "': rule '"
                        + session.ruleName() + "' is no longer a remote-access rule of the policy"));
        RemoteAccess settings = rule.options().remoteAccess();
        boolean v6 = settings.pool6() != null && request.attribute(ConfigAttribute.INTERNAL_IP6_ADDRESS).isPresent();
        // IPv4 always, as before, unless the client asked for IPv6 only (charon's vips = ::: it takes the last address it reads)
        InetAddress address = !v6 || request.attribute(ConfigAttribute.INTERNAL_IP4_ADDRESS).isPresent() ? lease(context, sa, rule) : null;
        InetAddress address6 = v6 ? lease6(context, sa, rule) : null;
        answered = true;
        List<DataAttribute> reply = attributes(request, settings, address, address6);
        Bytes sealed = Transactions.seal(sa, messageId, new AttributePayload(AttributePayload.REPLY, request.identifier(), reply));
        return Reaction.lastReply(sealed, new IkeEvent.Progress(sa.cookies(), sa.remote(), "CFG recv CFG_REQUEST -> leased "
                + (address == null ? "" : AddressText.of(address)) + (address6 == null ? "" : (address == null ? "" : " and ")
                + AddressText.of(address6)) + " to user '" + session.user() + "' (rule '" + rule.name() + "', " + reply.size() + " attributes)"));
    }

    /** The session's address, leased from the rule's pool on first use (pull or push). */
    static InetAddress lease(Ikev1Exchanges context, IsakmpSa sa, Rule rule) {
        RemoteAccessSession session = sa.remoteAccess();
        if (session.leased() != null) return session.leased();
        AddressPool pool = context.remoteAccess().pool(rule, sa.peerId());         // its group's pool, else the rule's
        InetAddress a = pool.lease(candidate -> context.ipsecSas().all().stream()
                .anyMatch(e -> e.pair().outbound().outermost().selector().destination().equals(Subnet.host(candidate))));
        if (a == null)
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "Mode-Config for user '" + session.user() + "': pool "
                    + pool.subnet() + " of rule '" + rule.name() + "' has no free address");
        session.lease(a, pool::release);
        return a;
    }

    /** The session's IPv6 address, leased from the rule's IPv6 pool on first use. */
    static InetAddress lease6(Ikev1Exchanges context, IsakmpSa sa, Rule rule) {
        RemoteAccessSession session = sa.remoteAccess();
        if (session.leased6() != null) return session.leased6();
        AddressPool pool = context.remoteAccess().pool6(rule);
        InetAddress a = pool.lease(candidate -> context.ipsecSas().all().stream()
                .anyMatch(e -> e.pair().outbound().outermost().selector().destination().equals(Subnet.host(candidate))));
        if (a == null)
            throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "Mode-Config for user '" + session.user() + "': pool6 "
                    + pool.subnet() + " of rule '" + rule.name() + "' has no free address");
        session.lease6(a, pool::release);
        return a;
    }

    /**
     * The reply: the addresses leased (IPv4 and/or IPv6); netmask, DNS and split networks when asked for.
     * INTERNAL_IP6_ADDRESS is the address then one byte of prefix length, 17 bytes, as strongSwan's IKEv1
     * mode_config.c builds it and reads it (it drops the last byte).
     */
    static List<DataAttribute> attributes(AttributePayload request, RemoteAccess settings, InetAddress address, InetAddress address6) {
        List<DataAttribute> out = new ArrayList<>();
        if (address != null) out.add(DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_ADDRESS, Bytes.of(address.getAddress())));
        if (address6 != null)
            out.add(DataAttribute.tlv(ConfigAttribute.INTERNAL_IP6_ADDRESS, Bytes.concat(Bytes.of(address6.getAddress()),
                    Bytes.of(new byte[] {(byte) settings.pool6().prefix()}))));
        if (request.attribute(ConfigAttribute.INTERNAL_IP4_NETMASK).isPresent())
            out.add(DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_NETMASK, mask(settings.pool().prefix())));
        if (request.attribute(ConfigAttribute.INTERNAL_IP4_DNS).isPresent())
            for (InetAddress dns : settings.dns())
                if (dns.getAddress().length == 4) out.add(DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_DNS, Bytes.of(dns.getAddress())));
        if (request.attribute(ConfigAttribute.INTERNAL_IP4_SUBNET).isPresent())
            for (Subnet s : ipv4(settings))         // §3.3: address and mask, 8 bytes
                out.add(DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_SUBNET, Bytes.concat(Bytes.of(s.network().getAddress()), mask(s.prefix()))));
        if (request.attribute(ConfigAttribute.UNITY_SPLIT_INCLUDE).isPresent() && !ipv4(settings).isEmpty())
            out.add(DataAttribute.tlv(ConfigAttribute.UNITY_SPLIT_INCLUDE, splitInclude(ipv4(settings))));
        return out;
    }

    /** Cisco Unity: 14 bytes per network, address, mask and 6 zero bytes (as strongSwan's unity plugin). */
    private static Bytes splitInclude(List<Subnet> networks) {
        ByteBuffer b = ByteBuffer.allocate(14 * networks.size());
        for (Subnet s : networks) {
            b.put(s.network().getAddress());
            b.put(mask(s.prefix()).toArray());
            b.put(new byte[6]);
        }
        return Bytes.of(b.array());
    }

    private static List<Subnet> ipv4(RemoteAccess settings) {
        return settings.splitInclude().stream().filter(Subnet::isIpv4).toList();
    }

    private static Bytes mask(int prefix) {
        int m = prefix == 0 ? 0 : -1 << (32 - prefix);
        return Bytes.of(ByteBuffer.allocate(4).putInt(m).array());
    }

    @Override
    public IkeEvent.Phase phase() {
        return IkeEvent.Phase.MAIN_MODE;
    }

    @Override
    public String name() {
        return "Mode-Config CFG_REQUEST";
    }
}
