package org.ikd.it.frag;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.OakleyAttributeType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;

/**
 * A Main Mode 1 ({@code HDR, SA}, RFC 2409 §5) of about 4 kB, as an initiator with a long list of
 * suites sends it: one ISAKMP proposal (RFC 2408 §3.5) of 109 transforms (§3.6), 108 that the lab's
 * policy does not accept and, last, the one it does (aes128-sha256-modp2048 with a pre-shared key).
 * Attribute numbers are RFC 2409 App. A's and the IANA IKE attributes registry's.
 */
record LargeMainModeOne(Bytes initiatorCookie, TransformPayload acceptable, byte[] datagram) {
    private static final int AES_CBC = 7;
    private static final int TRIPLE_DES_CBC = 5;
    private static final int SHA2_256 = 4;
    private static final int[] OTHER_HASHES = {1, 2, 5, 6};                // MD5, SHA1, SHA2-384, SHA2-512
    private static final int MODP_2048 = 14;
    private static final int[] OTHER_GROUPS = {1, 2, 5, 15, 16, 17, 18, 19, 20};
    private static final int PRE_SHARED_KEY = 1;
    private static final int SECONDS = 1;
    private static final int LIFETIME = 28_800;

    static LargeMainModeOne create() {
        byte[] cookie = new byte[IsakmpHeader.COOKIE_LENGTH];
        new SecureRandom().nextBytes(cookie);
        List<TransformPayload> transforms = new ArrayList<>();
        for (int keyBits : new int[] {0, 192, 256})                      // 0: 3DES, whose key length is fixed
            for (int hash : OTHER_HASHES)
                for (int group : OTHER_GROUPS) transforms.add(transform(transforms.size() + 1, keyBits, hash, group));
        TransformPayload acceptable = transform(transforms.size() + 1, 128, SHA2_256, MODP_2048);
        transforms.add(acceptable);
        SecurityAssociationPayload sa = SecurityAssociationPayload.of(
                List.of(new ProposalPayload(1, ProtocolId.ISAKMP, Bytes.EMPTY, transforms)));
        IsakmpHeader header = IsakmpHeader.of(Bytes.of(cookie), Bytes.of(new byte[IsakmpHeader.COOKIE_LENGTH]),
                ExchangeType.MAIN_MODE, 0, 0);
        byte[] datagram = new IsakmpMessage(header, List.of(sa)).encode().toArray();
        return new LargeMainModeOne(Bytes.of(cookie), acceptable, datagram);
    }

    /** {@code keyBits} 0 is 3DES-CBC, else AES-CBC with that key length. */
    private static TransformPayload transform(int number, int keyBits, int hash, int group) {
        List<DataAttribute> a = new ArrayList<>();
        a.add(DataAttribute.tv(OakleyAttributeType.ENCRYPTION_ALGORITHM, keyBits == 0 ? TRIPLE_DES_CBC : AES_CBC));
        if (keyBits != 0) a.add(DataAttribute.tv(OakleyAttributeType.KEY_LENGTH, keyBits));
        a.add(DataAttribute.tv(OakleyAttributeType.HASH_ALGORITHM, hash));
        a.add(DataAttribute.tv(OakleyAttributeType.GROUP_DESCRIPTION, group));
        a.add(DataAttribute.tv(OakleyAttributeType.AUTHENTICATION_METHOD, PRE_SHARED_KEY));
        a.add(DataAttribute.tv(OakleyAttributeType.LIFE_TYPE, SECONDS));
        a.add(DataAttribute.tv(OakleyAttributeType.LIFE_DURATION, LIFETIME));
        return new TransformPayload(number, TransformId.KEY_IKE, a);
    }
}
