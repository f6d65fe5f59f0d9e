package org.ikd.core.ike.exchange;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.ike.IkeEvent;
import java.util.Optional;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.OakleyAttributeType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.policy.MainModeMethod;

/**
 * Main Mode proposals (RFC 2409 §5, App. A): the initiator offers its Main Mode methods in order as
 * the transforms of one ISAKMP proposal; the responder takes the first transform its policy accepts
 * (the Windows rule) and echoes it. Authentication methods (pre-shared key, RSA or ECDSA signatures)
 * multiply the transforms: every Main Mode method is offered with each of the rule's methods in turn.
 */
final class Phase1Proposals {
    /** One offered or chosen transform, understood. */
    record Offer(MainModeMethod method, AuthMethod auth, long lifetimeSeconds) {
        @Override
        public String toString() {
            return method + (auth.equals(AuthMethod.PRE_SHARED_KEY) ? "" : "/" + auth.name().toLowerCase());
        }
    }

    /** The responder's pick: what to answer with, and what it means. */
    record Choice(SecurityAssociationPayload reply, Offer offer) {}

    private Phase1Proposals() {}

    /** Pre-shared keys only. */
    static SecurityAssociationPayload offer(List<MainModeMethod> methods, long lifetimeSeconds) {
        return offer(methods, List.of(AuthMethod.PRE_SHARED_KEY), lifetimeSeconds);
    }

    static Optional<Choice> choose(SecurityAssociationPayload offered, List<MainModeMethod> accepted) {
        return choose(offered, accepted, AuthMethod.PRE_SHARED_KEY::equals);
    }

    static String mismatch(SecurityAssociationPayload offered, List<MainModeMethod> accepted) {
        return mismatch(offered, accepted, List.of("psk"));
    }

    /** RFC 2409 App. A attributes, in strongSwan's order. */
    static SecurityAssociationPayload offer(List<MainModeMethod> methods, List<AuthMethod> auths, long lifetimeSeconds) {
        List<TransformPayload> transforms = new ArrayList<>();
        for (AuthMethod auth : auths) for (MainModeMethod m : methods) {
            List<DataAttribute> a = new ArrayList<>();
            a.add(DataAttribute.tv(OakleyAttributeType.ENCRYPTION_ALGORITHM, m.cipher().id()));
            if (m.cipher().variableKeyLength()) a.add(DataAttribute.tv(OakleyAttributeType.KEY_LENGTH, m.keyBits()));
            a.add(DataAttribute.tv(OakleyAttributeType.HASH_ALGORITHM, m.hash().id()));
            a.add(DataAttribute.tv(OakleyAttributeType.GROUP_DESCRIPTION, m.group().id()));
            a.add(DataAttribute.tv(OakleyAttributeType.AUTHENTICATION_METHOD, auth));
            a.add(DataAttribute.tv(OakleyAttributeType.LIFE_TYPE, LifeType.SECONDS));
            a.add(DataAttribute.number(OakleyAttributeType.LIFE_DURATION, lifetimeSeconds));
            transforms.add(new TransformPayload(transforms.size() + 1, TransformId.KEY_IKE, a));
        }
        return SecurityAssociationPayload.of(List.of(new ProposalPayload(1, ProtocolId.ISAKMP, org.ikd.core.crypto.Bytes.EMPTY, transforms)));
    }

    /** Responder: the first offered transform we accept, echoed; empty names nothing acceptable. */
    static Optional<Choice> choose(SecurityAssociationPayload offered, List<MainModeMethod> accepted,
                                   java.util.function.Predicate<AuthMethod> canAuthenticate) {
        for (ProposalPayload p : offered.proposals()) {
            if (!p.protocolId().equals(ProtocolId.ISAKMP)) continue;
            for (TransformPayload t : p.transforms()) {
                Optional<Offer> o = read(t);
                if (o.isPresent() && canAuthenticate.test(o.get().auth()) && accepted.contains(o.get().method()))
                    return Optional.of(new Choice(SecurityAssociationPayload.of(List.of(
                            new ProposalPayload(p.number(), p.protocolId(), p.spi(), List.of(t)))), o.get()));
            }
        }
        return Optional.empty();
    }

    /** e.g. {@code peer offered aes256-sha1-modp2048, 3des-md5-modp1024; we accept aes128-sha256-modp2048}. */
    static String mismatch(SecurityAssociationPayload offered, List<MainModeMethod> accepted, List<String> auths) {
        List<String> seen = new ArrayList<>();
        for (ProposalPayload p : offered.proposals())
            for (TransformPayload t : p.transforms()) seen.add(read(t).map(Offer::toString).orElse(describeUnknown(t)));
        List<String> ours = accepted.stream().map(MainModeMethod::toString).toList();
        return "no Main Mode proposal chosen: peer offered " + String.join(", ", seen) + "; we accept "
                + String.join(", ", ours) + " with " + String.join(" or ", auths);
    }

    /** What {@link #mismatch} says, typed: each offered transform, and each method we accept with each authentication. */
    static IkeEvent.ProposalMismatch proposals(SecurityAssociationPayload offered, List<MainModeMethod> accepted, List<String> auths) {
        List<String> seen = new ArrayList<>();
        for (ProposalPayload p : offered.proposals())
            for (TransformPayload t : p.transforms()) seen.add(read(t).map(Offer::toString).orElse(describeUnknown(t)));
        List<String> ours = new ArrayList<>();
        for (MainModeMethod m : accepted) for (String a : auths) ours.add(m + " " + a);
        return new IkeEvent.ProposalMismatch(seen, ours);
    }

    /** Understands one transform; empty when a number is unknown to ikd. */
    static Optional<Offer> read(TransformPayload t) {
        Optional<Phase1Cipher> cipher = attr(t, OakleyAttributeType.ENCRYPTION_ALGORITHM).flatMap(Phase1Cipher::byId);
        Optional<HashAlgorithm> hash = attr(t, OakleyAttributeType.HASH_ALGORITHM).flatMap(HashAlgorithm::byId);
        Optional<DhGroupId> group = attr(t, OakleyAttributeType.GROUP_DESCRIPTION).flatMap(DhGroupId::byId);
        Optional<Integer> auth = attr(t, OakleyAttributeType.AUTHENTICATION_METHOD);
        if (cipher.isEmpty() || hash.isEmpty() || group.isEmpty() || auth.isEmpty()) return Optional.empty();
        int bits = attr(t, OakleyAttributeType.KEY_LENGTH).orElse(cipher.get().variableKeyLength() ? -1 : cipher.get().defaultKeyBits());
        if (!cipher.get().acceptsKeyBits(bits)) return Optional.empty();
        return Optional.of(new Offer(new MainModeMethod(cipher.get(), bits, hash.get(), group.get()),
                AuthMethod.valueOf(auth.get()), lifetime(t)));
    }

    /** LIFE_TYPE/LIFE_DURATION pairs (RFC 2409 App. A); the seconds, or 0 when none is given. */
    private static long lifetime(TransformPayload t) {
        long seconds = 0;
        int type = -1;
        for (DataAttribute a : t.attributes()) {
            if (a.type() == OakleyAttributeType.LIFE_TYPE.value()) type = a.intValue();
            else if (a.type() == OakleyAttributeType.LIFE_DURATION.value() && type == LifeType.SECONDS.value()) seconds = a.longValue();
        }
        return seconds;
    }

    private static Optional<Integer> attr(TransformPayload t, OakleyAttributeType type) {
        return t.attribute(type).map(DataAttribute::intValue);
    }

    private static String describeUnknown(TransformPayload t) {
        StringBuilder b = new StringBuilder("[");
        for (DataAttribute a : t.attributes()) {
            if (b.length() > 1) b.append(' ');
            b.append(OakleyAttributeType.valueOf(a.type()).name().toLowerCase()).append('=')
                    .append(a.format() == DataAttribute.Format.TV ? Integer.toString(a.intValue()) : a.value().toHex());
        }
        return b.append(']').toString();
    }
}
