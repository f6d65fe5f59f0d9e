package org.ikd.core.ike.exchange;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;
import org.ikd.core.isakmp.payload.VendorIdPayload;

/**
 * The vendor IDs ikd sends and recognises (RFC 2408 §3.16): DPD (RFC 3706 §4), NAT-T (RFC 3947
 * §3.1 and its drafts), IKE fragmentation (as strongSwan and Windows send it), Windows' "MS NT5
 * ISAKMPOAKLEY" followed by a 4-byte version, and ikd's own, MD5("ikd").
 */
final class VendorIds {
    static final Bytes DPD = Bytes.fromHex("afcad71368a1f1c96b8696fc77570100");
    static final Bytes NAT_T_RFC3947 = Bytes.fromHex("4a131c81070358455c5728f20e95452f");
    static final Bytes NAT_T_DRAFT_02 = Bytes.fromHex("cd60464335df21f87cfdb2fc68b6a448");
    static final Bytes NAT_T_DRAFT_02N = Bytes.fromHex("90cb80913ebb696e086381b5ec427b1f");
    static final Bytes NAT_T_DRAFT_03 = Bytes.fromHex("7d9419a65310ca6f2c179d9215529d56");
    /** strongSwan sends the MD5 of "FRAGMENTATION" followed by 80000000 (fragment when needed). */
    static final Bytes FRAGMENTATION = Bytes.fromHex("4048b7d56ebce88525e7de7f00d6c2d380000000");
    static final Bytes MS_NT5 = Bytes.fromHex("1e2b516905991c7d7c96fcbfb587e461");
    static final Bytes IKD = md5("ikd");

    /** What a peer's vendor IDs say about it. */
    record PeerVendor(boolean dpd, NatTraversalVersion natTraversal, boolean fragmentation, String description) {}

    private VendorIds() {}

    static Bytes md5(String text) {
        return Bytes.of(Jca.digest(HashAlgorithm.MD5).digest(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Ours, DPD, every NAT-T variant we speak (initiator; {@code draftOnly}: the two draft-02 IDs
     * Windows XP SP2 sends) or the one chosen (responder), and fragmentation unless
     * {@code fragmentation} is false ({@code ike-fragmentation = "no"}).
     */
    static List<VendorIdPayload> ours(NatTraversalVersion answer, boolean draftOnly, boolean fragmentation) {
        List<Bytes> natT = answer != null
                ? answer == NatTraversalVersion.NONE ? List.of() : List.of(answer.vendorId())
                : draftOnly ? List.of(NAT_T_DRAFT_02N, NAT_T_DRAFT_02) : List.of(NAT_T_RFC3947, NAT_T_DRAFT_02N, NAT_T_DRAFT_02);
        java.util.ArrayList<VendorIdPayload> out = new java.util.ArrayList<>();
        out.add(new VendorIdPayload(IKD));
        out.add(new VendorIdPayload(DPD));
        natT.forEach(v -> out.add(new VendorIdPayload(v)));
        if (fragmentation) out.add(new VendorIdPayload(FRAGMENTATION));
        return out;
    }

    static PeerVendor recognise(List<VendorIdPayload> vids) {
        return recognise(vids, false);
    }

    /** What the peer's IDs say; {@code draftOnly}: its RFC 3947 ID is ignored, so a draft it also sends wins. */
    static PeerVendor recognise(List<VendorIdPayload> vids, boolean draftOnly) {
        boolean dpd = false, frag = false;
        NatTraversalVersion natT = NatTraversalVersion.NONE;
        StringBuilder who = new StringBuilder();
        for (VendorIdPayload v : vids) {
            Bytes id = v.vendorId();
            if (id.equals(DPD)) dpd = true;
            else if (id.length() >= 16 && id.slice(0, 16).equals(FRAGMENTATION.slice(0, 16))) frag = true;
            else if (id.equals(NAT_T_RFC3947)) natT = draftOnly ? natT : NatTraversalVersion.RFC_3947;
            else if ((id.equals(NAT_T_DRAFT_02N) || id.equals(NAT_T_DRAFT_02) || id.equals(NAT_T_DRAFT_03))
                    && natT != NatTraversalVersion.RFC_3947) natT = NatTraversalVersion.DRAFT_02;
            else if (id.length() == 20 && id.slice(0, 16).equals(MS_NT5)) who.append(windows(id));
            else if (id.equals(IKD)) who.append("ikd");
        }
        return new PeerVendor(dpd, natT, frag, who.toString());
    }

    /** MS NT5 ISAKMPOAKLEY + version, with the version labels ike-scan prints. */
    static String windows(Bytes id) {
        int version = id.getUnsigned(16) << 24 | id.getUnsigned(17) << 16 | id.getUnsigned(18) << 8 | id.getUnsigned(19);
        String name = switch (version) {
            case 2 -> "Windows 2000";
            case 3 -> "Windows XP";
            case 4 -> "Windows Server 2003";
            case 5 -> "Windows Vista";
            case 6 -> "Windows Server 2008";
            case 7 -> "Windows 7";
            case 8 -> "Windows Server 2008 R2";
            case 9 -> "Windows 8 or later";
            default -> "Windows";
        };
        return name + " (MS NT5 ISAKMPOAKLEY version " + version + ")";
    }
}
