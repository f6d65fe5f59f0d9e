package org.ikd.it.hostile.peer;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.BlockCipher;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhGroup;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Phase1Cipher;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.AuthMethod;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.doi.LifeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.OakleyAttributeType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.doi.TransformId;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.isakmp.payload.TransformPayload;
import org.ikd.core.oakley.IvChain;
import org.ikd.core.oakley.Phase1Hash;
import org.ikd.core.oakley.Phase1Keys;

/**
 * Main Mode with a pre-shared key as initiator (RFC 2409 §5.4), one fixed proposal,
 * aes128-sha256-modp2048 (PolicyToml.MAIN_MODE), no vendor IDs (so no NAT-T, no DPD):
 * <ol>
 * <li>HDR, SA --&gt;                       &lt;-- HDR, SA
 * <li>HDR, KE, Ni --&gt;                   &lt;-- HDR, KE, Nr        (SKEYID = prf(PSK, Ni_b | Nr_b))
 * <li>HDR*, IDii, HASH_I [, N(INITIAL-CONTACT)] --&gt;   &lt;-- HDR*, IDir, HASH_R   (HASH_R checked)
 * </ol>
 */
public final class MainModeScript {
    private static final HashAlgorithm HASH = HashAlgorithm.SHA2_256;
    private static final int AES_KEY_BITS = 128;
    private static final long LIFETIME_SECONDS = 28800;

    private final PeerSocket socket;
    private final Duration wait;

    public MainModeScript(PeerSocket socket, Duration wait) {
        this.socket = socket;
        this.wait = wait;
    }

    /** Runs the six messages; {@code initialContact} adds N(INITIAL-CONTACT) to message 5 (RFC 2407 §4.6.3.3). */
    public IsakmpSession run(InetAddress me, Secret psk, boolean initialContact) {
        SecureRandom random = new SecureRandom();
        CookiePair c = new CookiePair(random.nextLong() | 1L, 0);
        SecurityAssociationPayload sa = offer();
        socket.send(plain(c, List.of(sa)));                                            // HDR, SA -->
        IsakmpMessage mm2 = decode(await(c, "MM#2"));
        c = c.withResponder(CookiePair.of(mm2.header().initiatorCookie().concat(mm2.header().responderCookie())).responder());

        DhPrivate dh = DhGroup.of(DhGroupId.MODP_2048).generate(random);
        Bytes gxi = dh.publicValue();
        Bytes ni = IsakmpSession.random(32);
        socket.send(plain(c, List.of(new KeyExchangePayload(gxi), new NoncePayload(ni))));   // HDR, KE, Ni -->
        IsakmpMessage mm4 = decode(await(c, "MM#4"));
        Bytes gxr = one(mm4, KeyExchangePayload.class).keyData();
        Bytes nr = one(mm4, NoncePayload.class).nonce();
        Prf prf = Prf.hmac(HASH);
        Secret skeyid = Phase1Keys.skeyidPreSharedKey(prf, psk, ni, nr);               // RFC 2409 §5
        Phase1Keys keys = Phase1Keys.derive(prf, skeyid, agree(dh, gxr), c.initiatorBytes(), c.responderBytes(), AES_KEY_BITS / 8);
        BlockCipher cipher = BlockCipher.of(Phase1Cipher.AES_CBC, AES_KEY_BITS);
        IsakmpSession session = new IsakmpSession(c, new MessageProtection(prf, cipher, keys,
                IvChain.start(HASH, cipher.blockSize(), gxi, gxr)));
        authenticate(session, new Phase1Hash(prf, skeyid, gxi, gxr, c.initiatorBytes(), c.responderBytes(), sa.encodeBody()),
                me, initialContact);
        return session;
    }

    /** HDR*, IDii, HASH_I [, N(INITIAL-CONTACT)] --&gt;   &lt;-- HDR*, IDir, HASH_R (checked). */
    private void authenticate(IsakmpSession session, Phase1Hash hash, InetAddress me, boolean initialContact) {
        CookiePair c = session.cookies();
        IdentificationPayload idii = IdentificationPayload.of(IdType.IPV4_ADDR, Bytes.of(me.getAddress()));
        List<Payload> mm5 = new ArrayList<>(List.of(idii, new HashPayload(hash.initiator(idii.encodeBody()))));
        if (initialContact)
            mm5.add(new NotificationPayload(Doi.IPSEC, ProtocolId.ISAKMP, NotifyType.INITIAL_CONTACT,
                    c.initiatorBytes().concat(c.responderBytes()), Bytes.EMPTY));
        socket.send(session.seal(ExchangeType.MAIN_MODE, 0, mm5));
        IsakmpMessage mm6 = session.open(await(c, "MM#6"));
        IdentificationPayload idir = one(mm6, IdentificationPayload.class);
        if (!hash.verifyResponder(idir.encodeBody(), one(mm6, HashPayload.class).hash()))
            throw new IllegalStateException("HASH_R of the target does not match: it holds another key");
    }

    private static Secret agree(DhPrivate dh, Bytes gxr) {
        try {
            return dh.agree(gxr);
        } catch (Exception e) {
            throw new IllegalStateException("the target's KE does not fit modp2048", e);
        } finally {
            dh.destroy();
        }
    }

    /** RFC 2409 App. A: one ISAKMP proposal, one KEY_IKE transform. */
    static SecurityAssociationPayload offer() {
        List<DataAttribute> a = List.of(
                DataAttribute.tv(OakleyAttributeType.ENCRYPTION_ALGORITHM, Phase1Cipher.AES_CBC.id()),
                DataAttribute.tv(OakleyAttributeType.KEY_LENGTH, AES_KEY_BITS),
                DataAttribute.tv(OakleyAttributeType.HASH_ALGORITHM, HASH.id()),
                DataAttribute.tv(OakleyAttributeType.GROUP_DESCRIPTION, DhGroupId.MODP_2048.id()),
                DataAttribute.tv(OakleyAttributeType.AUTHENTICATION_METHOD, AuthMethod.PRE_SHARED_KEY),
                DataAttribute.tv(OakleyAttributeType.LIFE_TYPE, LifeType.SECONDS),
                DataAttribute.number(OakleyAttributeType.LIFE_DURATION, LIFETIME_SECONDS));
        return SecurityAssociationPayload.of(List.of(new ProposalPayload(1, ProtocolId.ISAKMP, Bytes.EMPTY,
                List.of(new TransformPayload(1, TransformId.KEY_IKE, a)))));
    }

    private static Bytes plain(CookiePair c, List<? extends Payload> payloads) {
        IsakmpHeader h = IsakmpHeader.of(c.initiatorBytes(), c.responderBytes(), ExchangeType.MAIN_MODE, 0, 0);
        return new IsakmpMessage(h, List.copyOf(payloads)).encode();
    }

    /** The target's next Main Mode message of this exchange (our initiator cookie, M-ID 0). */
    private Bytes await(CookiePair c, String what) {
        return socket.receive(d -> {
            IsakmpHeader h = IsakmpSession.header(d);
            return CookiePair.of(d).initiator() == c.initiator() && h.exchangeType().equals(ExchangeType.MAIN_MODE)
                    && h.messageId() == 0 && (!c.responderKnown() || CookiePair.of(d).responder() == c.responder())
                    && IsakmpSession.header(d).isEncrypted() == what.equals("MM#6");
        }, wait).orElseThrow(() -> new IllegalStateException("no " + what + " from the target within " + wait
                + "; received " + socket.received().size() + " datagrams"));
    }

    private static IsakmpMessage decode(Bytes d) {
        return IsakmpMessage.decode(ByteBuffer.wrap(d.toArray()));
    }

    static <T extends Payload> T one(IsakmpMessage m, Class<T> type) {
        return m.first(type).orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " in " + m));
    }
}
