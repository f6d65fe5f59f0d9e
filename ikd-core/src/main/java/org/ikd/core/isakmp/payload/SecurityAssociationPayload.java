package org.ikd.core.isakmp.payload;

import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;

/**
 * RFC 2408 §3.4 Security Association payload in the IPsec DOI (RFC 2407 §4.6.1): DOI (4),
 * situation (4), then proposals. The situation's length depends on the DOI, so only the IPsec
 * DOI is decoded (else DOI-NOT-SUPPORTED), and only SIT_IDENTITY_ONLY: the labeled-domain
 * situations add fields nobody sends (else SITUATION-NOT-SUPPORTED). Proposal numbers must not
 * decrease (RFC 2408 §3.5).
 */
public record SecurityAssociationPayload(Doi doi, int situation, List<ProposalPayload> proposals) implements Payload {
    public SecurityAssociationPayload {
        checkDomain(doi, situation);
        proposals = List.copyOf(proposals);
        if (proposals.isEmpty()) throw syntax("found no proposal, expected at least one");
        for (int i = 1; i < proposals.size(); i++)
            if (proposals.get(i).number() < proposals.get(i - 1).number())
                throw syntax("found proposal #" + proposals.get(i).number() + " after #"
                        + proposals.get(i - 1).number() + ", expected non-decreasing numbers");
    }

    /** An IPsec DOI, SIT_IDENTITY_ONLY SA. */
    public static SecurityAssociationPayload of(List<ProposalPayload> proposals) {
        return new SecurityAssociationPayload(Doi.IPSEC, Doi.SIT_IDENTITY_ONLY, proposals);
    }

    public static SecurityAssociationPayload decode(ByteBuffer body) {
        WireReader in = new WireReader(body, "SA payload", NotifyType.BAD_PROPOSAL_SYNTAX);
        Doi doi = Doi.valueOf(in.u32("DOI"));
        int situation = in.u32("situation");
        checkDomain(doi, situation);                      // what follows depends on them
        List<ProposalPayload> proposals = NestedPayload.decodeAll(in, PayloadType.PROPOSAL, ProposalPayload::decode);
        return new SecurityAssociationPayload(doi, situation, proposals);
    }

    @Override
    public PayloadType type() {
        return PayloadType.SA;
    }

    @Override
    public int bodyLength() {
        return 8 + NestedPayload.lengthOf(proposals);
    }

    @Override
    public void encodeTo(ByteBuffer out) {
        out.putInt(doi.value());
        out.putInt(situation);
        NestedPayload.encodeAll(proposals, PayloadType.PROPOSAL, out);
    }

    private static void checkDomain(Doi doi, int situation) {
        if (!doi.equals(Doi.IPSEC))
            throw new MalformedMessageException(NotifyType.DOI_NOT_SUPPORTED,
                    "SA payload: found DOI " + doi + ", expected IPSEC (1)");
        if (situation != Doi.SIT_IDENTITY_ONLY)
            throw new MalformedMessageException(NotifyType.SITUATION_NOT_SUPPORTED, "SA payload: found situation 0x"
                    + Integer.toHexString(situation) + ", expected SIT_IDENTITY_ONLY (0x1)");
    }

    private static MalformedMessageException syntax(String detail) {
        return new MalformedMessageException(NotifyType.BAD_PROPOSAL_SYNTAX, "SA payload: " + detail);
    }
}
