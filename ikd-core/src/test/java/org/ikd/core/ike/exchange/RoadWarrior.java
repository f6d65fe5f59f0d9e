package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.ike.OutboundDatagram;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.HashPayload;

/**
 * A hand-written XAUTH and Mode-Config client for the gateway tests, on side A of an {@link EnginePair}
 * (whose engine runs Main Mode and Quick Mode but knows nothing of Transactions). It answers the
 * gateway's Transactions with the keys of A's ISAKMP SA, building each message from the drafts:
 * HDR*, HASH = prf(SKEYID_a, M-ID | ATTR), ATTR (draft-dukes-ike-mode-cfg-02 §3.1).
 */
final class RoadWarrior {
    private final EnginePair pair;
    private final String user;
    private final String password;
    final List<AttributePayload> received = new ArrayList<>();

    RoadWarrior(EnginePair pair, String user, String password) {
        this.pair = pair;
        this.user = user;
        this.password = password;
    }

    /** Delivers everything; Transactions to A are answered here instead (REQUEST: user and password; SET: ACK). */
    void run() {
        int n = 0;
        while (!pair.network.isEmpty()) {
            if (++n > 1000) throw new AssertionError("the engines never stop talking");
            OutboundDatagram d = pair.network.remove(0);
            if (d.remote().getAddress().equals(pair.a.address) && exchangeType(d) == ExchangeType.TRANSACTION.value()) answer(d);
            else pair.deliver(d);
        }
    }

    /** Mode-Config pull: CFG_REQUEST(INTERNAL_IP4_ADDRESS, DNS, SUBNET, UNITY_SPLIT_INCLUDE); returns the reply. */
    AttributePayload pull() {
        int messageId = 0x11223344;
        AttributePayload request = new AttributePayload(AttributePayload.REQUEST, 7, List.of(
                DataAttribute.tlv(1, Bytes.EMPTY), DataAttribute.tlv(3, Bytes.EMPTY), DataAttribute.tlv(13, Bytes.EMPTY),
                DataAttribute.tlv(28676, Bytes.EMPTY)));
        pair.network.add(OutboundDatagram.isakmp(pair.endpoint(pair.a), pair.endpoint(pair.b), false, seal(messageId, request)));
        int before = received.size();
        int n = 0;
        while (!pair.network.isEmpty() && ++n < 100) {
            OutboundDatagram d = pair.network.remove(0);
            if (d.remote().getAddress().equals(pair.a.address) && exchangeType(d) == ExchangeType.TRANSACTION.value())
                received.add(open(d));
            else pair.deliver(d);
        }
        return received.size() > before ? received.get(received.size() - 1) : null;
    }

    static InetAddress address(AttributePayload reply) throws Exception {
        return InetAddress.getByAddress(reply.attribute(1).orElseThrow().value().toArray());
    }

    private void answer(OutboundDatagram d) {
        AttributePayload in = open(d);
        received.add(in);
        int messageId = IsakmpHeader.decode(ByteBuffer.wrap(d.message().toArray())).messageId();
        AttributePayload out = in.cfgType() == AttributePayload.REQUEST
                ? new AttributePayload(AttributePayload.REPLY, in.identifier(), List.of(
                        DataAttribute.tv(16520, 0),
                        DataAttribute.tlv(16521, Bytes.of(user.getBytes())),
                        DataAttribute.tlv(16522, Bytes.of(password.getBytes()))))
                : new AttributePayload(AttributePayload.ACK, in.identifier(), in.attributes());
        pair.network.add(OutboundDatagram.isakmp(pair.endpoint(pair.a), pair.endpoint(pair.b), false, seal(messageId, out)));
    }

    private AttributePayload open(OutboundDatagram d) {
        MessageProtection p = sa().protection();
        MessageProtection.Opened o = p.open(d.message());
        p.accept(o);
        IsakmpMessage m = o.message();
        Bytes hash = p.phase2Hash().hash1(m.header().messageId(), m.encodePayloads(1));
        if (!hash.equals(m.first(HashPayload.class).orElseThrow().hash())) throw new AssertionError("gateway's HASH does not verify");
        return m.first(AttributePayload.class).orElseThrow();
    }

    private Bytes seal(int messageId, AttributePayload attr) {
        IsakmpSa sa = sa();
        Bytes hash = sa.protection().phase2Hash().hash1(messageId, Wire.chain(List.of(attr)));
        return Wire.sealed(sa, ExchangeType.TRANSACTION, messageId, List.of(new HashPayload(hash), attr));
    }

    private IsakmpSa sa() {
        return pair.a.engine.isakmpSas().stream().filter(s -> s.state() == IsakmpSa.State.ESTABLISHED).findFirst().orElseThrow();
    }

    private static int exchangeType(OutboundDatagram d) {
        return d.message().getUnsigned(18);
    }
}
