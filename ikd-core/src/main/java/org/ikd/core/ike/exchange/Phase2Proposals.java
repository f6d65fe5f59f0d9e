package org.ikd.core.ike.exchange;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.isakmp.doi.EncapsulationMode;
import org.ikd.core.isakmp.doi.IpsecAttributeType;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.policy.SecurityMethod;
import org.ikd.core.sa.IpsecProtocol;

/**
 * Quick Mode proposals (RFC 2409 §5.5, RFC 2407 §4.4-4.5): a filter action's security methods in
 * order, one proposal number each (AH+ESP: two proposals with the same number, RFC 2408 §4.2), with
 * lifetimes, encapsulation mode and the PFS group. The responder takes the first offered proposal its
 * rule accepts (the Windows rule).
 */
final class Phase2Proposals {
    /** One IPsec transform, understood. {@code seconds}/{@code kilobytes} are 0 when not given. */
    record Transform(IpsecProtocol protocol, EspCipher cipher, int keyBits, IntegrityAlgorithm integrity,
                     EncapsulationMode mode, long seconds, long kilobytes, DhGroupId group) {
        boolean fits(SecurityMethod m) {
            if (protocol == IpsecProtocol.AH) return m.usesAh() && integrity == m.ahIntegrity();
            return m.usesEsp() && cipher == m.espCipher() && keyBits == m.espKeyBits() && integrity == m.espIntegrity();
        }

        @Override
        public String toString() {
            if (protocol == IpsecProtocol.AH) return "ah:" + integrity.keyword();
            String c = cipher.keyword() + (cipher.variableKeyLength() ? Integer.toString(keyBits) : "");
            if (cipher == EspCipher.AES_GCM_16) c = "aes" + keyBits + "gcm16";
            return "esp:" + c + (integrity == null ? "" : "-" + integrity.keyword());
        }
    }

    /** What a bundle of proposals (one number) asks for. */
    record Bundle(int number, Map<IpsecProtocol, Transform> transforms, Map<IpsecProtocol, Bytes> spis,
                  Map<IpsecProtocol, TransformPayload> wire) {
        Transform any() {
            return transforms.values().iterator().next();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            transforms.values().forEach(t -> parts.add(t.toString()));
            return String.join("+", parts) + (any().group() != null ? " pfs " + any().group().keyword() : "");
        }
    }

    private Phase2Proposals() {}

    /** Our offer: method i is proposal i+1; {@code spis} holds our inbound SPI per method and protocol. */
    static SecurityAssociationPayload offer(List<SecurityMethod> methods, List<Map<IpsecProtocol, Bytes>> spis,
                                            EncapsulationMode mode, DhGroupId pfs) {
        List<ProposalPayload> out = new ArrayList<>();
        for (int i = 0; i < methods.size(); i++) {
            SecurityMethod m = methods.get(i);
            if (m.usesAh()) out.add(new ProposalPayload(i + 1, ProtocolId.AH, spis.get(i).get(IpsecProtocol.AH),
                    List.of(new TransformPayload(1, TransformId.valueOf(ProtocolId.AH, m.ahIntegrity().ahTransformId()),
                            attributes(m, m.ahIntegrity(), mode, pfs, false)))));
            if (m.usesEsp()) out.add(new ProposalPayload(i + 1, ProtocolId.ESP, spis.get(i).get(IpsecProtocol.ESP),
                    List.of(new TransformPayload(1, TransformId.valueOf(ProtocolId.ESP, m.espCipher().id()),
                            attributes(m, m.espIntegrity(), mode, pfs, m.espCipher().variableKeyLength())))));
        }
        return SecurityAssociationPayload.of(out);
    }

    /** RFC 2407 §4.5 attributes, in the order strongSwan 5.9 sends them (captured in vectors/strongswan). */
    private static List<DataAttribute> attributes(SecurityMethod m, IntegrityAlgorithm integrity, EncapsulationMode mode,
                                                  DhGroupId pfs, boolean keyLength) {
        List<DataAttribute> a = new ArrayList<>();
        if (keyLength) a.add(DataAttribute.tv(IpsecAttributeType.KEY_LENGTH, m.espKeyBits()));
        if (integrity != null) a.add(DataAttribute.tv(IpsecAttributeType.AUTHENTICATION_ALGORITHM, integrity.id()));
        if (pfs != null) a.add(DataAttribute.tv(IpsecAttributeType.GROUP_DESCRIPTION, pfs.id()));
        a.add(DataAttribute.tv(IpsecAttributeType.ENCAPSULATION_MODE, mode));
        if (m.lifetimeSeconds() > 0) {
            a.add(DataAttribute.tv(IpsecAttributeType.SA_LIFE_TYPE, LifeType.SECONDS));
            a.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, m.lifetimeSeconds()));
        }
        if (m.lifetimeKilobytes() > 0) {
            a.add(DataAttribute.tv(IpsecAttributeType.SA_LIFE_TYPE, LifeType.KILOBYTES));
            a.add(DataAttribute.number(IpsecAttributeType.SA_LIFE_DURATION, m.lifetimeKilobytes()));
        }
        return a;
    }

    /** The proposals grouped by number, in order, each with its transforms understood (the first that parses, per protocol). */
    static List<List<ProposalPayload>> byNumber(SecurityAssociationPayload sa) {
        Map<Integer, List<ProposalPayload>> m = new LinkedHashMap<>();
        for (ProposalPayload p : sa.proposals()) m.computeIfAbsent(p.number(), k -> new ArrayList<>()).add(p);
        return new ArrayList<>(m.values());
    }

    /** The first transform of each proposal that {@code accept}s, as a bundle; empty if a proposal has none. */
    static Optional<Bundle> pick(List<ProposalPayload> proposals, java.util.function.Predicate<Transform> accept) {
        Map<IpsecProtocol, Transform> ts = new LinkedHashMap<>();
        Map<IpsecProtocol, Bytes> spis = new LinkedHashMap<>();
        Map<IpsecProtocol, TransformPayload> wire = new LinkedHashMap<>();
        for (ProposalPayload p : proposals) {
            Optional<IpsecProtocol> protocol = protocol(p.protocolId());
            if (protocol.isEmpty() || ts.containsKey(protocol.get())) return Optional.empty();
            Optional<TransformPayload> t = p.transforms().stream()
                    .filter(x -> read(protocol.get(), x).filter(accept).isPresent()).findFirst();
            if (t.isEmpty()) return Optional.empty();
            ts.put(protocol.get(), read(protocol.get(), t.get()).orElseThrow());
            spis.put(protocol.get(), p.spi());
            wire.put(protocol.get(), t.get());
        }
        if (ts.isEmpty()) return Optional.empty();
        return Optional.of(new Bundle(proposals.get(0).number(), ts, spis, wire));
    }

    /** Every offered proposal, for the NO-PROPOSAL-CHOSEN text. */
    static String describe(SecurityAssociationPayload sa) {
        List<String> out = new ArrayList<>();
        for (List<ProposalPayload> group : byNumber(sa)) {
            List<String> parts = new ArrayList<>();
            for (ProposalPayload p : group)
                for (TransformPayload t : p.transforms())
                    parts.add(protocol(p.protocolId()).flatMap(pr -> read(pr, t)).map(Transform::toString)
                            .orElse(p.protocolId().name().toLowerCase() + ":" + t.transformId().name().toLowerCase()));
            out.add(String.join("+", parts));
        }
        return String.join(", ", out);
    }

    static Optional<IpsecProtocol> protocol(ProtocolId id) {
        if (id.equals(ProtocolId.ESP)) return Optional.of(IpsecProtocol.ESP);
        if (id.equals(ProtocolId.AH)) return Optional.of(IpsecProtocol.AH);
        return Optional.empty();
    }

    /** Understands an AH or ESP transform (RFC 2407 §4.4.3-4.5); empty when ikd lacks a number in it. */
    static Optional<Transform> read(IpsecProtocol protocol, TransformPayload t) {
        EspCipher cipher = null;
        IntegrityAlgorithm integrity = attr(t, IpsecAttributeType.AUTHENTICATION_ALGORITHM).flatMap(IntegrityAlgorithm::byId).orElse(null);
        if (protocol == IpsecProtocol.ESP) {
            cipher = EspCipher.byId(t.transformId().value()).orElse(null);
            if (cipher == null || (cipher.isAead() && integrity != null)) return Optional.empty();
            if (!cipher.isAead() && integrity == null && attr(t, IpsecAttributeType.AUTHENTICATION_ALGORITHM).isPresent()) return Optional.empty();
        } else {
            Optional<IntegrityAlgorithm> byId = IntegrityAlgorithm.byAhTransformId(t.transformId().value());
            if (byId.isEmpty() || (integrity != null && integrity != byId.get())) return Optional.empty();
            integrity = byId.get();
        }
        int bits = cipher == null ? 0 : attr(t, IpsecAttributeType.KEY_LENGTH).orElse(cipher.defaultKeyBits());
        if (cipher != null && !cipher.acceptsKeyBits(bits)) return Optional.empty();
        EncapsulationMode mode = attr(t, IpsecAttributeType.ENCAPSULATION_MODE).map(EncapsulationMode::valueOf).orElse(EncapsulationMode.TRANSPORT);
        if (!mode.isKnown()) return Optional.empty();
        Optional<Integer> g = attr(t, IpsecAttributeType.GROUP_DESCRIPTION);
        DhGroupId group = g.flatMap(DhGroupId::byId).orElse(null);
        if (g.isPresent() && group == null) return Optional.empty();
        long[] life = lifetimes(t.attributes());
        return Optional.of(new Transform(protocol, cipher, bits, integrity, mode, life[0], life[1], group));
    }

    /** SA_LIFE_TYPE/SA_LIFE_DURATION pairs (RFC 2407 §4.5): {seconds, kilobytes}, 0 when absent. */
    static long[] lifetimes(List<DataAttribute> attributes) {
        long[] out = new long[2];
        int type = -1;
        for (DataAttribute a : attributes) {
            if (a.type() == IpsecAttributeType.SA_LIFE_TYPE.value()) type = a.intValue();
            else if (a.type() == IpsecAttributeType.SA_LIFE_DURATION.value()) {
                if (type == LifeType.SECONDS.value()) out[0] = a.longValue();
                else if (type == LifeType.KILOBYTES.value()) out[1] = a.longValue();
            }
        }
        return out;
    }

    private static Optional<Integer> attr(TransformPayload t, IpsecAttributeType type) {
        return t.attribute(type).map(DataAttribute::intValue);
    }
}
