package org.ikd.core.ike.exchange;

import java.nio.charset.StandardCharsets;
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
import org.ikd.core.policy.Rule;

/**
 * XAUTH, the gateway's request (draft-beaulieu-ike-xauth-02 §4.1, one Transaction under our message ID):
 * <ol>
 * <li>&lt;-- HDR*, HASH, ATTR(CFG_REQUEST: XAUTH-TYPE generic, XAUTH-USER-NAME, XAUTH-USER-PASSWORD)
 * <li>HDR*, HASH, ATTR(CFG_REPLY: XAUTH-USER-NAME, XAUTH-USER-PASSWORD) --&gt;  (checked; this exchange ends)
 * </ol>
 * Then, under a new message ID: a right password, or the last attempt, goes on to CFG_SET(XAUTH-STATUS)
 * ({@link XauthStatus}); a wrong one with attempts left to another request (§4.1: "the edge device MAY
 * re-request"). Each wrong password is a failed negotiation (event 547) naming the user, never the
 * password. A peer that never answers loses its ISAKMP SA. Confined to the IKE event loop.
 */
final class XauthRequest implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final Rule rule;
    private final int messageId;
    private int identifier;
    private boolean answered;

    private XauthRequest(IsakmpSa sa, Ikev1Exchanges context, Rule rule, int messageId) {
        this.sa = sa;
        this.context = context;
        this.rule = rule;
        this.messageId = messageId;
    }

    /** Queues a request on {@code sa}, under a fresh message ID, to start once the current message is handled. */
    static void queue(IsakmpSa sa, Ikev1Exchanges context, Rule rule) {
        int id = sa.newMessageId(context.entropy());
        sa.follow(id, new XauthRequest(sa, context, rule, id));
    }

    @Override
    public Reaction start(Instant now) {
        identifier = context.entropy().nextInt() & 0xffff;
        int attempt = session().attempt();
        AttributePayload request = new AttributePayload(AttributePayload.REQUEST, identifier, List.of(
                DataAttribute.tv(ConfigAttribute.XAUTH_TYPE, ConfigAttribute.XAUTH_TYPE_GENERIC),
                DataAttribute.tlv(ConfigAttribute.XAUTH_USER_NAME, Bytes.EMPTY),
                DataAttribute.tlv(ConfigAttribute.XAUTH_USER_PASSWORD, Bytes.EMPTY)));
        return Reaction.request(Transactions.seal(sa, messageId, request), progress("XAUTH send CFG_REQUEST(user name, password),"
                + " attempt " + attempt + " of " + rule.options().remoteAccess().attempts() + " (rule '" + rule.name() + "')"));
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (answered) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a second CFG_REPLY for XAUTH request "
                + String.format("%08x", in.messageId()) + ", expected none");
        AttributePayload reply = Transactions.open(sa, in);
        if (!reply.answers(AttributePayload.REPLY, identifier))
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found " + reply.typeName() + " identifier " + reply.identifier()
                    + " in answer to XAUTH CFG_REQUEST " + identifier + ", expected CFG_REPLY " + identifier);
        answered = true;
        sa.protection().forget(in.messageId());
        Bytes name = reply.attribute(ConfigAttribute.XAUTH_USER_NAME).map(DataAttribute::value).orElse(Bytes.EMPTY);
        Bytes password = reply.attribute(ConfigAttribute.XAUTH_USER_PASSWORD).map(DataAttribute::value).orElse(Bytes.EMPTY);
        String user = Transactions.printable(name);
        XauthLockout lockout = context.remoteAccess().lockout();
        Instant locked = lockout.lockedUntil(user, now);
        if (locked != null) return refused(user, "locked until " + locked + " after " + XauthLockout.THRESHOLD
                + " wrong passwords, the password was not checked", now);
        boolean ok = !name.isEmpty() && user.equals(new String(name.toArray(), StandardCharsets.US_ASCII))
                && rule.options().remoteAccess().users().verify(user, password);
        return ok ? accepted(user) : refused(user, "wrong password or unknown user", now);
    }

    private Reaction accepted(String user) {
        context.remoteAccess().lockout().succeeded(user);
        session().authenticated(user);
        XauthStatus.queue(sa, context, true);
        return Reaction.done(progress("XAUTH recv CFG_REPLY -> user '" + user + "' authenticated (rule '" + rule.name() + "')"));
    }

    private Reaction refused(String user, String why, Instant now) {
        int max = rule.options().remoteAccess().attempts();
        boolean locks = why.startsWith("wrong") && context.remoteAccess().lockout().failed(user, now);
        boolean last = session().attempts() >= max || locks || !why.startsWith("wrong");
        if (last) {
            session().failed(user);
            XauthStatus.queue(sa, context, false);
        } else {
            queue(sa, context, rule);
        }
        String reason = "XAUTH failed for user '" + user + "' (rule '" + rule.name() + "'): " + why + ", attempt "
                + session().attempts() + " of " + max + (locks ? "; the user is locked for " + XauthLockout.LOCK.toMinutes()
                + " min (" + XauthLockout.THRESHOLD + " wrong passwords within " + XauthLockout.WINDOW.toMinutes() + " min)" : "")
                + (last ? "; sending STATUS FAIL, the ISAKMP SA goes" : "; asking again");
        return Reaction.done(new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME, sa.remote(), reason));
    }

    /** No CFG_REPLY after every retransmission: the road warrior cannot use this ISAKMP SA (§4.1). */
    @Override
    public void abandoned() {
        sa.delete("no XAUTH CFG_REPLY from the road warrior", IkeEvent.DeletedBy.LOCAL);
    }

    private RemoteAccessSession session() {
        return sa.remoteAccess();
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
        return "XAUTH CFG_REQUEST";
    }
}
