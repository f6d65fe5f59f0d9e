package org.ikd.it.hostile.peer;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;

/**
 * A Quick Mode the target started (RFC 2409 §5.5, the peer as responder): its QM#1 decrypted,
 * {@code HDR*, HASH(1), SA, Ni, IDci, IDcr}. What to answer is the test's choice: the first
 * proposal as offered ({@link #chosen}), or one the target never offered ({@link #notOffered}).
 */
public record TargetQuickMode(int messageId, SecurityAssociationPayload offered, Bytes ni,
                              IdentificationPayload idci, IdentificationPayload idcr) {

    static TargetQuickMode of(int messageId, IsakmpMessage qm1) {
        List<IdentificationPayload> ids = qm1.all(IdentificationPayload.class);
        if (ids.size() != 2) throw new IllegalStateException("QM#1 of the target without IDci, IDcr: " + qm1);
        return new TargetQuickMode(messageId, MainModeScript.one(qm1, SecurityAssociationPayload.class),
                MainModeScript.one(qm1, NoncePayload.class).nonce(), ids.get(0), ids.get(1));
    }

    /** RFC 2408 §4.2: the first proposal with its first transform echoed, under our SPI. */
    public SecurityAssociationPayload chosen(Bytes spi) {
        ProposalPayload p = offered.proposals().get(0);
        return SecurityAssociationPayload.of(List.of(new ProposalPayload(p.number(), p.protocolId(), spi, List.of(p.transforms().get(0)))));
    }

    /** The first transform with another Key Length (256 when 128 was offered, else 128): a choice never offered. */
    public SecurityAssociationPayload notOffered(Bytes spi) {
        ProposalPayload p = offered.proposals().get(0);
        TransformPayload t = p.transforms().get(0);
        List<DataAttribute> attributes = new ArrayList<>();
        for (DataAttribute a : t.attributes())
            attributes.add(a.type() == IpsecAttributeType.KEY_LENGTH.value()
                    ? DataAttribute.tv(IpsecAttributeType.KEY_LENGTH, a.intValue() == 128 ? 256 : 128) : a);
        TransformPayload other = new TransformPayload(t.number(), t.transformId(), attributes);
        return SecurityAssociationPayload.of(List.of(new ProposalPayload(p.number(), p.protocolId(), spi, List.of(other))));
    }
}
