package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.Reaction;
import org.ikd.core.ike.RemoteAccessSession;
import org.ikd.core.isakmp.doi.ConfigAttribute;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Rule;

/**
 * Mode-Config push, the gateway's side (draft-dukes-ike-mode-cfg-02 §3.2 "SET/ACK", a Transaction under
 * our message ID), for a rule with {@code mode-config = "push"}, once XAUTH succeeded (or right after
 * phase 1 without XAUTH):
 * <ol>
 * <li>&lt;-- HDR*, HASH, ATTR(CFG_SET: INTERNAL_IP4_ADDRESS, _NETMASK, _DNS, _SUBNET, UNITY_SPLIT_INCLUDE)
 * <li>HDR*, HASH, ATTR(CFG_ACK) --&gt;
 * </ol>
 * The lease is the session's, as for pull ({@link ModeConfigResponder#lease}); a client that pulls anyway
 * gets the same address. No ACK: the lease stays until the ISAKMP SA goes. Confined to the IKE event loop.
 */
final class ModeConfigPush implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final int messageId;
    private final Rule rule;
    private int identifier;
    private InetAddress address;
    private boolean acknowledged;

    private ModeConfigPush(IsakmpSa sa, Ikev1Exchanges context, int messageId, Rule rule) {
        this.sa = sa;
        this.context = context;
        this.messageId = messageId;
        this.rule = rule;
    }

    static void queue(IsakmpSa sa, Ikev1Exchanges context, Rule rule) {
        int id = sa.newMessageId(context.entropy());
        sa.follow(id, new ModeConfigPush(sa, context, id, rule));
    }

    @Override
    public Reaction start(Instant now) {
        RemoteAccessSession session = sa.remoteAccess();
        address = ModeConfigResponder.lease(context, sa, rule);
        identifier = context.entropy().nextInt() & 0xffff;
        AttributePayload everything = new AttributePayload(AttributePayload.REQUEST, 0, List.of(
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_ADDRESS, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_NETMASK, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_DNS, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_SUBNET, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.UNITY_SPLIT_INCLUDE, Bytes.EMPTY)));
        InetAddress address6 = rule.options().remoteAccess().pool6() == null ? null : ModeConfigResponder.lease6(context, sa, rule);
        List<DataAttribute> set = ModeConfigResponder.attributes(everything, rule.options().remoteAccess(), address, address6);
        return Reaction.request(Transactions.seal(sa, messageId, new AttributePayload(AttributePayload.SET, identifier, set)),
                progress("CFG send CFG_SET -> pushed " + AddressText.of(address) + " to user '" + session.user() + "' (rule '"
                        + rule.name() + "', " + set.size() + " attributes)"));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (acknowledged) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a second CFG_ACK for Mode-Config "
                + String.format("%08x", in.messageId()) + ", expected none");
        AttributePayload ack = Transactions.open(sa, in);
        if (!ack.answers(AttributePayload.ACK, identifier))
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found " + ack.typeName() + " identifier " + ack.identifier()
                    + " in answer to Mode-Config CFG_SET " + identifier + ", expected CFG_ACK " + identifier);
        acknowledged = true;
        sa.protection().forget(in.messageId());
        return Reaction.done(progress("CFG recv CFG_ACK -> user '" + sa.remoteAccess().user() + "' took " + AddressText.of(address)));
    }

    private IkeEvent.Progress progress(String text) {
        return new IkeEvent.Progress(sa.cookies(), sa.remote(), text);
    }

    @Override
    public IkeEvent.Phase phase() {
        return IkeEvent.Phase.MAIN_MODE;
    }

    @Override
    public String name() {
        return "Mode-Config CFG_SET";
    }
}
