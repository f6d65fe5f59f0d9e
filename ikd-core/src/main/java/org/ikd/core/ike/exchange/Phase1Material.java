package org.ikd.core.ike.exchange;

import java.util.List;
import org.ikd.core.crypto.BlockCipher;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.InvalidPublicValueException;
import org.ikd.core.crypto.Prf;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.auth.RulePreSharedKeys;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.payload.KeyExchangePayload;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;
import org.ikd.core.isakmp.payload.VendorIdPayload;
import org.ikd.core.oakley.IvChain;
import org.ikd.core.oakley.Phase1Hash;
import org.ikd.core.oakley.Phase1Keys;
import org.ikd.core.policy.FilterAction;
import org.ikd.core.policy.NegotiationOptions.NatTraversal;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * What both roles of Main Mode and Aggressive Mode compute (RFC 2409 §5): the chosen proposal, Diffie-Hellman
 * values, nonces, NAT-D (RFC 3947 §3.2), SKEYID and its keys. One per exchange; confined to the IKE event loop.
 */
final class Phase1Material {
    private final IsakmpSa sa;
    private final Ikev1Exchanges context;
    Bytes saiB;
    Phase1Proposals.Offer offer;
    VendorIds.PeerVendor peer = new VendorIds.PeerVendor(false, NatTraversalVersion.NONE, false, "");
    private NatDetection.Result nat = new NatDetection.Result(false, false);
    private DhPrivate dh;
    Bytes ni;
    Bytes nr;
    Bytes gxi;
    Bytes gxr;
    private Secret gxy;
    /** How the peers authenticate, for the summary: {@code psk}, {@code rsa-sig}, {@code ecdsa-256}. */
    String authKeyword = "psk";
    /** RFC 4754: with ECDSA, HASH_I/HASH_R use HMAC over the curve's hash; null: the negotiated PRF. */
    HashAlgorithm authHash;
    /** NAT-T for this Main Mode: the rule's (initiator) or that of the rules for the peer (responder). */
    NatTraversal natMode = NatTraversal.AUTO;

    Phase1Material(IsakmpSa sa, Ikev1Exchanges context) {
        this.sa = sa;
        this.context = context;
    }

    /**
     * The responder's NAT-T for a peer, before any ID is seen (RFC 3947 §3.1 answers in MM2): off when
     * every negotiate rule that applies to the peer says off (else a rule that needs NAT-T would break
     * behind a NAT); forced when one of them forces (it was chosen because something on the path drops
     * ESP, so its SAs must be encapsulated whichever side starts); otherwise auto.
     */
    static NatTraversal forPeer(Policy policy, java.net.InetAddress peer) {
        boolean any = false, allOff = true, force = false;
        for (Rule r : policy.rules()) {
            if (!(r.action() instanceof FilterAction.Negotiate) || !RulePreSharedKeys.appliesTo(r, peer)) continue;
            any = true;
            allOff &= r.options().natTraversal() == NatTraversal.OFF;
            force |= r.options().natTraversal() == NatTraversal.FORCE;
        }
        return any && allOff ? NatTraversal.OFF : force ? NatTraversal.FORCE : NatTraversal.AUTO;
    }

    /** Reads the peer's vendor IDs (with NAT-T off, its NAT-T IDs go unanswered); a recognised vendor gets one log line. */
    IkeEvent.Progress vendorIds(IsakmpMessage m, CookiePair c) {
        peer = VendorIds.recognise(m.all(VendorIdPayload.class), context.options().natTraversalDraftOnly());
        if (natMode == NatTraversal.OFF)
            peer = new VendorIds.PeerVendor(peer.dpd(), NatTraversalVersion.NONE, peer.fragmentation(), peer.description());
        sa.learned(sa.capabilities().withVendorIds(peer.dpd(), peer.description(), peer.fragmentation()));
        String who = peer.description().isEmpty() ? "" : peer.description() + ", ";
        return new IkeEvent.Progress(c, sa.remote(), "peer " + who + "DPD " + (peer.dpd() ? "yes" : "no")
                + ", NAT-T " + peer.natTraversal().name().toLowerCase().replace('_', ' ')
                + ", fragmentation " + (peer.fragmentation() ? "yes" : "no"));
    }

    /** Our KE payload for the chosen group (a fresh private value). */
    KeyExchangePayload keyExchange() {
        dh = context.dh().generate(offer.method().group());
        return new KeyExchangePayload(dh.publicValue());
    }

    Bytes nonce() {
        return Wire.random(context.entropy(), context.options().nonceLength());
    }

    /** g^xy from the peer's KE (RFC 2409 §5); a bad public value ends the negotiation. */
    void agree(Bytes peerPublicValue) {
        try {
            gxy = dh.agree(peerPublicValue);
        } catch (InvalidPublicValueException e) {
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                    "bad Diffie-Hellman public value: " + e.getMessage(), false,
                    List.of(Wire.unprotectedNotify(sa.cookies(), NotifyType.INVALID_KEY_INFORMATION, context.entropy())));
        } finally {
            dh.destroy();
        }
    }

    /** Our NAT-D payloads, if the peer speaks NAT-T. */
    List<NatDiscoveryPayload> natDiscovery(CookiePair c) {
        if (peer.natTraversal() == NatTraversalVersion.NONE) return List.of();
        return NatDetection.payloads(peer.natTraversal().natDiscoveryType(), offer.method().hash(), c, sa.local(), sa.remote(),
                forcing(), context.entropy());
    }

    /** RFC 3947 §3.2 on the peer's NAT-D payloads; remembers the result. */
    NatDetection.Result nat() {
        return nat;
    }

    void checkNat(IsakmpMessage m, CookiePair c) {
        nat = NatDetection.check(m.all(NatDiscoveryPayload.class), offer.method().hash(), c, sa.local(), sa.remote());
    }

    /** True when IKE moves to 4500 and ESP is UDP-encapsulated (a NAT, or forced). */
    boolean useNatTraversal() {
        return peer.natTraversal() != NatTraversalVersion.NONE && (nat.any() || forcing());
    }

    /** True when NAT-T is in use only because we forced it: no NAT-D of the peer showed a NAT. */
    boolean natTraversalOnlyForced() {
        return useNatTraversal() && !nat.any();
    }

    private boolean forcing() {
        return natMode == NatTraversal.FORCE || context.options().forceUdpEncapsulation();
    }

    /** SKEYID from {@code psk} and everything derived from it (RFC 2409 §5, App. B). */
    MessageProtection derive(Secret psk, CookiePair c) {
        Prf prf = Prf.hmac(offer.method().hash());
        return protection(prf, Phase1Keys.skeyidPreSharedKey(prf, psk, ni, nr), c);
    }

    /** RFC 2409 §5: with signatures, SKEYID = prf(Ni_b | Nr_b, g^xy), and the keys derived from it. */
    MessageProtection deriveForSignatures(CookiePair c) {
        Prf prf = Prf.hmac(offer.method().hash());
        return protection(prf, Phase1Keys.skeyidSignature(prf, ni, nr, gxy), c);
    }

    private MessageProtection protection(Prf prf, Secret skeyid, CookiePair c) {
        BlockCipher cipher = BlockCipher.of(offer.method().cipher(), offer.method().keyBits());
        Phase1Keys keys = Phase1Keys.derive(prf, skeyid, gxy, c.initiatorBytes(), c.responderBytes(), cipher.keyLength());
        IvChain ivs = IvChain.start(offer.method().hash(), cipher.blockSize(), gxi, gxr);
        return new MessageProtection(prf, cipher, keys, ivs);
    }

    Phase1Hash hash(MessageProtection p, CookiePair c) {
        return new Phase1Hash(authHash == null ? p.prf() : Prf.hmac(authHash), p.keys().skeyid(), gxi, gxr, c.initiatorBytes(), c.responderBytes(), saiB);
    }

    /** The ISAKMP SA lifetime: the peer's if it proposed a shorter one. */
    long lifetimeSeconds() {
        long ours = context.policy().mainMode().lifetimeSeconds();
        return offer.lifetimeSeconds() > 0 ? Math.min(ours, offer.lifetimeSeconds()) : ours;
    }

    void forgetSecrets() {
        if (gxy != null) gxy.destroy();
    }

    /** The event of an ISAKMP SA that completed, with what was chosen: the engine fills in its rule. */
    IkeEvent.PhaseOneEstablished established(String peerId) {
        return new IkeEvent.PhaseOneEstablished(sa, peerId, offer.method(), offer.auth(), authKeyword,
                java.time.Duration.ofSeconds(lifetimeSeconds()), summary());
    }

    /** e.g. {@code 3des-sha1-modp1024 psk, NAT-T (peer behind NAT)}, {@code aes128-sha256-modp2048 rsa-sig}. */
    String summary() {
        String natText = !useNatTraversal() ? "" : nat.localBehindNat() ? ", NAT-T (we are behind a NAT)"
                : nat.peerBehindNat() ? ", NAT-T (peer behind a NAT)" : ", NAT-T (forced)";
        return offer.method() + " " + authKeyword + natText;
    }
}
