package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.ClientLease;
import org.ikd.core.ike.Exchange;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.InboundMessage;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.Reaction;
import org.ikd.core.isakmp.doi.ConfigAttribute;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.DataAttribute;

/**
 * Mode-Config pull, the road warrior's side (draft-dukes-ike-mode-cfg-02 §3.4), after XAUTH succeeded:
 * <ol>
 * <li>HDR*, HASH, ATTR(CFG_REQUEST: INTERNAL_IP4_ADDRESS, INTERNAL_IP4_DNS) --&gt;
 *     &lt;-- HDR*, HASH, ATTR(CFG_REPLY: the address, ...)   (kept on the ISAKMP SA, {@link IsakmpSa#virtualAddress})
 * <li>the reply checked ({@link ModeConfigReply}); the Quick Modes held until now go, narrowed to the lease
 *     ({@link Ikev1Exchanges#initiatePhaseTwo}); the daemon puts the address on the TUN and routes the networks.
 * </ol>
 * Confined to the IKE event loop.
 */
final class ModeConfigPull implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final int messageId;
    private int identifier;
    private boolean answered;

    private ModeConfigPull(IsakmpSa sa, Ikev1Exchanges context, int messageId) {
        this.sa = sa;
        this.context = context;
        this.messageId = messageId;
    }

    static void queue(IsakmpSa sa, Ikev1Exchanges context) {
        int id = sa.newMessageId(context.entropy());
        sa.follow(id, new ModeConfigPull(sa, context, id));
    }

    @Override
    public Reaction start(Instant now) {
        identifier = context.entropy().nextInt() & 0xffff;
        AttributePayload request = new AttributePayload(AttributePayload.REQUEST, identifier, List.of(
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_ADDRESS, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_NETMASK, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_DNS, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.INTERNAL_IP4_SUBNET, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.UNITY_SPLIT_INCLUDE, Bytes.EMPTY)));
        return Reaction.request(Transactions.seal(sa, messageId, request), new IkeEvent.Progress(sa.cookies(), sa.remote(),
                "CFG send CFG_REQUEST(INTERNAL_IP4_ADDRESS, INTERNAL_IP4_NETMASK, INTERNAL_IP4_DNS, INTERNAL_IP4_SUBNET, UNITY_SPLIT_INCLUDE)"));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (answered) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a second CFG_REPLY, expected none");
        AttributePayload reply = Transactions.open(sa, in);
        if (!reply.answers(AttributePayload.REPLY, identifier))
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found " + reply.typeName() + " identifier " + reply.identifier()
                    + ", expected CFG_REPLY " + identifier);
        ClientLease lease = ModeConfigReply.read(reply, sa.remote().getAddress());    // refused: dropped, counted, asked again
        answered = true;
        sa.protection().forget(in.messageId());
        return leased(sa, lease, "CFG recv CFG_REPLY");
    }

    /** The lease is ours: the held Quick Modes go ({@link IsakmpSa#leaseArrived}), the daemon installs it. */
    static Reaction leased(IsakmpSa sa, ClientLease lease, String what) {
        return new Reaction(List.of(), false, leaseEvents(sa, lease, what), true);
    }

    static List<IkeEvent> leaseEvents(IsakmpSa sa, ClientLease lease, String what) {
        sa.leaseArrived(lease.address());
        return List.of(new IkeEvent.Progress(sa.cookies(), sa.remote(), what + " -> virtual address " + lease),
                new IkeEvent.LeaseGranted(sa.cookies(), sa.remote(), sa.rule(), lease));
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
