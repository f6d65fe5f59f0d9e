package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
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
 * XAUTH, the gateway's verdict (draft-beaulieu-ike-xauth-02 §4.1, §6.3; a Transaction under our message ID):
 * <ol>
 * <li>&lt;-- HDR*, HASH, ATTR(CFG_SET: XAUTH-STATUS OK (1) or FAIL (0))
 * <li>HDR*, HASH, ATTR(CFG_ACK) --&gt;   OK: the client may pull its configuration and start Quick Modes;
 *     FAIL: we delete the ISAKMP SA and tell the peer (RFC 2408 §3.15).
 * </ol>
 * After FAIL the ISAKMP SA goes even if no ACK ever comes. Confined to the IKE event loop.
 */
final class XauthStatus implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final int messageId;
    private final boolean ok;
    private int identifier;
    private boolean acknowledged;

    private XauthStatus(IsakmpSa sa, Ikev1Exchanges context, int messageId, boolean ok) {
        this.sa = sa;
        this.context = context;
        this.messageId = messageId;
        this.ok = ok;
    }

    static void queue(IsakmpSa sa, Ikev1Exchanges context, boolean ok) {
        int id = sa.newMessageId(context.entropy());
        sa.follow(id, new XauthStatus(sa, context, id, ok));
    }

    @Override
    public Reaction start(Instant now) {
        identifier = context.entropy().nextInt() & 0xffff;
        AttributePayload set = new AttributePayload(AttributePayload.SET, identifier, List.of(DataAttribute.tv(
                ConfigAttribute.XAUTH_STATUS, ok ? ConfigAttribute.XAUTH_STATUS_OK : ConfigAttribute.XAUTH_STATUS_FAIL)));
        return Reaction.request(Transactions.seal(sa, messageId, set), progress("XAUTH send CFG_SET(STATUS " + (ok ? "OK" : "FAIL")
                + ") for user '" + sa.remoteAccess().user() + "'"));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (acknowledged) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a second CFG_ACK for XAUTH status "
                + String.format("%08x", in.messageId()) + ", expected none");
        AttributePayload ack = Transactions.open(sa, in);
        if (!ack.answers(AttributePayload.ACK, identifier))
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found " + ack.typeName() + " identifier " + ack.identifier()
                    + " in answer to XAUTH CFG_SET " + identifier + ", expected CFG_ACK " + identifier);
        acknowledged = true;
        sa.protection().forget(in.messageId());
        if (ok) {
            var push = context.policy().rule(sa.remoteAccess().ruleName()).filter(r -> r.isRemoteAccess() && r.options().remoteAccess().push());
            push.ifPresent(r -> ModeConfigPush.queue(sa, context, r));       // draft-dukes-ike-mode-cfg-02 §3.2: we send it
            return Reaction.done(progress("XAUTH recv CFG_ACK -> user '" + sa.remoteAccess().user() + "' may now "
                    + (push.isPresent() ? "take its configuration (push)" : "pull its configuration") + " and start Quick Modes"));
        }
        List<Bytes> delete = new ArrayList<>(context.deleteAll(sa, sa.newMessageId(context.entropy()), List.of()));
        sa.delete("XAUTH failed for user '" + sa.remoteAccess().user() + "'", IkeEvent.DeletedBy.LOCAL);
        return new Reaction(delete, false, List.of(progress("XAUTH recv CFG_ACK of STATUS FAIL -> ISAKMP SA deleted")), true);
    }

    /** No ACK: after FAIL the SA goes all the same; after OK the client may still go on (it got the SET). */
    @Override
    public void abandoned() {
        if (!ok) sa.delete("XAUTH failed for user '" + sa.remoteAccess().user() + "' (no CFG_ACK)", IkeEvent.DeletedBy.LOCAL);
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
        return "XAUTH CFG_SET";
    }
}
