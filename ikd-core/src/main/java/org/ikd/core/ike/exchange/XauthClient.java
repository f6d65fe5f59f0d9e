package org.ikd.core.ike.exchange;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
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
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.Rule;
import org.ikd.core.policy.XauthLogin;

/**
 * XAUTH, the road warrior's side (draft-beaulieu-ike-xauth-02 §4.1): one gateway Transaction under the
 * gateway's message ID, answered from the rule's {@link XauthLogin}:
 * <ol>
 * <li>HDR*, HASH, ATTR(CFG_REQUEST: user name, password) --&gt;  &lt;-- HDR*, HASH, ATTR(CFG_REPLY: alice, ...)
 * <li>or HDR*, HASH, ATTR(CFG_SET: XAUTH-STATUS) --&gt;  &lt;-- HDR*, HASH, ATTR(CFG_ACK); OK: we pull our
 *     address ({@link ModeConfigPull}); FAIL: a failed negotiation (the gateway deletes the ISAKMP SA).
 * </ol>
 * The password never reaches a log. Confined to the IKE event loop.
 */
final class XauthClient implements Exchange {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    private final String rule;
    private final XauthLogin login;
    private boolean answered;

    XauthClient(IsakmpSa sa, Ikev1Exchanges context, Rule rule) {
        this.sa = sa;
        this.context = context;
        this.rule = rule.name();
        this.login = rule.options().xauthLogin();
    }

    /** The first tunnel rule to {@code sa}'s peer with an {@code xauth-login}: we are that gateway's road warrior. */
    static Optional<Rule> loginFor(IsakmpSa sa, Ikev1Exchanges context) {
        if (sa.role() != IsakmpSa.Role.INITIATOR) return Optional.empty();
        return context.policy().rules().stream()
                .filter(r -> r.action() instanceof FilterAction.Negotiate && r.isTunnel() && r.options().xauthLogin() != null
                        && r.tunnelEndpoint().equals(sa.remote().getAddress()))
                .findFirst();
    }

    @Override
    public Reaction receive(InboundMessage in, Instant now) {
        if (answered) throw new IsakmpException(NotifyType.INVALID_MESSAGE_ID, "found a new message for the gateway's Transaction "
                + String.format("%08x", in.messageId()) + ", expected none: answered");
        AttributePayload request = Transactions.open(sa, in);
        answered = true;
        try {
            if (request.cfgType() == AttributePayload.REQUEST) return credentials(request, in.messageId());
            if (request.cfgType() == AttributePayload.SET && request.attribute(ConfigAttribute.XAUTH_STATUS).isEmpty()
                    && request.attribute(ConfigAttribute.INTERNAL_IP4_ADDRESS).isPresent()) return pushed(request, in.messageId());
            if (request.cfgType() == AttributePayload.SET) return status(request, in.messageId());
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found " + request.typeName()
                    + " from the gateway, expected CFG_REQUEST (XAUTH) or CFG_SET (XAUTH-STATUS)");
        } finally {
            sa.protection().forget(in.messageId());
        }
    }

    /**
     * The password from the rule's file, else the one typed with {@code ikdctl xauth-login RULE}; with
     * neither the request is dropped (the gateway asks again while its retransmissions last).
     */
    private Reaction credentials(AttributePayload request, int messageId) {
        Secret secret = login.password() != null ? login.password() : context.prompted().get(rule).orElseThrow(() ->
                new IsakmpException(NotifyType.ATTRIBUTES_NOT_SUPPORTED, "the gateway asks for user '" + login.user()
                        + "''s password and rule '" + rule + "' has none yet: type it with ikdctl xauth-login " + rule));
        byte[] password = secret.reveal();
        try {
            AttributePayload reply = new AttributePayload(AttributePayload.REPLY, request.identifier(), List.of(
                    DataAttribute.tv(ConfigAttribute.XAUTH_TYPE, ConfigAttribute.XAUTH_TYPE_GENERIC),
                    DataAttribute.tlv(ConfigAttribute.XAUTH_USER_NAME, Bytes.of(login.user().getBytes(java.nio.charset.StandardCharsets.US_ASCII))),
                    DataAttribute.tlv(ConfigAttribute.XAUTH_USER_PASSWORD, Bytes.of(password))));
            return Reaction.lastReply(Transactions.seal(sa, messageId, reply),
                    progress("XAUTH recv CFG_REQUEST -> answered as user '" + login.user() + "'"));
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }

    private Reaction status(AttributePayload set, int messageId) {
        boolean ok = set.attribute(ConfigAttribute.XAUTH_STATUS).map(DataAttribute::intValue).orElse(ConfigAttribute.XAUTH_STATUS_FAIL)
                == ConfigAttribute.XAUTH_STATUS_OK;
        Bytes ack = Transactions.seal(sa, messageId, new AttributePayload(AttributePayload.ACK, set.identifier(), set.attributes()));
        if (!ok) return new Reaction(List.of(ack), false, List.of(new IkeEvent.NegotiationFailed(IkeEvent.Phase.MAIN_MODE,
                IkeEvent.FailurePoint.PEER, sa.remote(), "the gateway refused XAUTH for user '" + login.user() + "' (STATUS FAIL)")), true);
        if (!login.push()) ModeConfigPull.queue(sa, context);
        return Reaction.lastReply(ack, progress("XAUTH recv CFG_SET(STATUS OK) -> logged in as '" + login.user() + "'"
                + (login.push() ? "; waiting for the gateway's CFG_SET" : "")));
    }

    /**
     * draft-dukes-ike-mode-cfg-02 §3.2, push: the gateway's CFG_SET carries our configuration; checked as a
     * pulled reply is ({@link ModeConfigReply}: refused, it is dropped and counted and no ACK goes), then
     * HDR*, HASH, ATTR(CFG_ACK: the types we took, empty) --&gt;.
     */
    private Reaction pushed(AttributePayload set, int messageId) {
        ClientLease lease = ModeConfigReply.read(set, sa.remote().getAddress());
        List<DataAttribute> taken = set.attributes().stream().filter(a -> a.format() == DataAttribute.Format.TLV)
                .map(a -> DataAttribute.tlv(a.type(), Bytes.EMPTY)).toList();
        Bytes ack = Transactions.seal(sa, messageId, new AttributePayload(AttributePayload.ACK, set.identifier(), taken));
        return new Reaction(List.of(ack), false, ModeConfigPull.leaseEvents(sa, lease, "CFG recv CFG_SET"), true);
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
        return "XAUTH (road warrior)";
    }
}
