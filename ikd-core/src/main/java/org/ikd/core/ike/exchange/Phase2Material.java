package org.ikd.core.ike.exchange;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.DhPrivate;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.InvalidPublicValueException;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.oakley.Keymat;
import org.ikd.core.policy.Selector;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;

/**
 * What both Quick Mode roles compute (RFC 2409 §5.5): nonces, the optional PFS exchange, and from
 * KEYMAT the SA pair handed to the data plane. Confined to the IKE event loop.
 */
final class Phase2Material {
    Bytes ni;
    Bytes nr;
    DhPrivate dh;
    private Secret gqmxy;
    /** The chosen transforms, ESP before AH (innermost first). */
    final Map<IpsecProtocol, Phase2Proposals.Transform> transforms = new LinkedHashMap<>();
    final Map<IpsecProtocol, Spi> ourSpis = new LinkedHashMap<>();
    final Map<IpsecProtocol, Spi> peerSpis = new LinkedHashMap<>();
    Selector outbound;
    long seconds;
    long kilobytes;

    void agree(Bytes peerPublicValue) {
        try {
            gqmxy = dh.agree(peerPublicValue);
        } catch (InvalidPublicValueException e) {
            throw NegotiationFailure.refused(IkeEvent.Phase.QUICK_MODE, "bad PFS public value: " + e.getMessage());
        } finally {
            dh.destroy();
        }
    }

    void choose(Phase2Proposals.Bundle b) {
        for (IpsecProtocol p : List.of(IpsecProtocol.ESP, IpsecProtocol.AH))
            if (b.transforms().containsKey(p)) transforms.put(p, b.transforms().get(p));
    }

    /** The peer's NAT-OA (RFC 3947 §5.2): the addresses its transport checksums cover; null when not sent. */
    NatOriginalAddresses.PeerView natOa;

    /** RFC 2409 §5.5: KEYMAT per SA, the inbound one under our SPI, the outbound one under the peer's. */
    IpsecSaPair pair(long id, String ruleName, IsakmpSa sa, boolean tunnel, int replayWindow, int softPercent) {
        Keymat keymat = gqmxy == null
                ? Keymat.withoutPfs(sa.protection().prf(), sa.protection().keys().skeyidD(), ni, nr)
                : Keymat.withPfs(sa.protection().prf(), sa.protection().keys().skeyidD(), gqmxy, ni, nr);
        List<IpsecSaSpec> in = new ArrayList<>();
        List<IpsecSaSpec> out = new ArrayList<>();
        InetAddress local = sa.local().getAddress();
        InetAddress remote = sa.remote().getAddress();
        SaLifetime life = SaLifetime.of(seconds, kilobytes * 1024, softPercent);
        for (Map.Entry<IpsecProtocol, Phase2Proposals.Transform> e : transforms.entrySet()) {
            IpsecProtocol p = e.getKey();
            Phase2Proposals.Transform t = e.getValue();
            NatTraversal udp = p == IpsecProtocol.ESP && t.mode().isUdpEncapsulated()
                    ? new NatTraversal(sa.local().getPort(), sa.remote().getPort(), natOa == null ? null : natOa.source(),
                    natOa == null ? null : natOa.destination()) : null;
            in.add(spec(keymat, t, ourSpis.get(p), Direction.INBOUND, remote, local, outbound.mirror(), life, udp, tunnel, replayWindow));
            out.add(spec(keymat, t, peerSpis.get(p), Direction.OUTBOUND, local, remote, outbound, life, udp, tunnel, replayWindow));
        }
        if (gqmxy != null) gqmxy.destroy();
        return new IpsecSaPair(id, ruleName, new IpsecSaBundle(in), new IpsecSaBundle(out));
    }

    private static IpsecSaSpec spec(Keymat keymat, Phase2Proposals.Transform t, Spi spi, Direction d, InetAddress src,
                                    InetAddress dst, Selector selector, SaLifetime life, NatTraversal udp, boolean tunnel, int window) {
        EspCipher c = t.cipher();
        int cipherBytes = c == null ? 0 : t.keyBits() / 8 + c.saltLength();
        int integrityBytes = t.integrity() == null ? 0 : t.integrity().keyLength();
        Bytes spiBytes = Bytes.of((byte) (spi.value() >>> 24), (byte) (spi.value() >>> 16), (byte) (spi.value() >>> 8), (byte) spi.value());
        Secret k = keymat.derive(t.protocol().doiId(), spiBytes, cipherBytes + integrityBytes);
        Secret encryption = cipherBytes == 0 ? null : k.slice(0, cipherBytes);
        Secret integrity = integrityBytes == 0 ? null : k.slice(cipherBytes, integrityBytes);
        k.destroy();
        return new IpsecSaSpec(spi, t.protocol(), d, tunnel ? Mode.TUNNEL : Mode.TRANSPORT, c, t.keyBits(), t.integrity(),
                encryption, integrity, src, dst, selector, life, udp, false, window);
    }

    static Spi spi(Bytes b) {
        if (b.length() != 4)                                             // RFC 2407 §4.5: ESP and AH SPIs are 4 octets
            throw new IsakmpException(NotifyType.INVALID_SPI, "found an SPI of " + b.length() + " bytes, expected 4");
        int v = b.getUnsigned(0) << 24 | b.getUnsigned(1) << 16 | b.getUnsigned(2) << 8 | b.getUnsigned(3);
        if (Integer.compareUnsigned(v, 256) < 0)                        // RFC 4303 §2.1: 1..255 reserved by IANA, 0 locally
            throw new IsakmpException(NotifyType.INVALID_SPI, "found SPI " + v + ", expected one of 256 or more (RFC 4303 §2.1)");
        return new Spi(v);
    }

    static Bytes bytes(Spi s) {
        int v = s.value();
        return Bytes.of((byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v);
    }
}
