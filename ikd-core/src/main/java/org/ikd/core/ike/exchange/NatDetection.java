package org.ikd.core.ike.exchange;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.HashAlgorithm;
import org.ikd.core.crypto.Jca;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.Entropy;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.payload.NatDiscoveryPayload;

/**
 * NAT discovery (RFC 3947 §3.2): each side sends HASH(CKY-I | CKY-R | IP | Port) of the peer's
 * address as it sends to it, then of its own. A received hash of our address that matches nothing
 * we compute means a NAT in front of us; of the peer's, a NAT in front of it. Forcing
 * encapsulation sends a random hash for our own address, as strongSwan does with encap=yes.
 */
final class NatDetection {
    /** What the peer's NAT-D payloads showed. */
    record Result(boolean localBehindNat, boolean peerBehindNat) {
        boolean any() {
            return localBehindNat || peerBehindNat;
        }
    }

    private NatDetection() {}

    static Bytes hash(HashAlgorithm h, CookiePair cookies, InetSocketAddress endpoint) {
        byte[] ip = endpoint.getAddress().getAddress();
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length + 2);
        b.putLong(cookies.initiator()).putLong(cookies.responder()).put(ip).putShort((short) endpoint.getPort());
        return Bytes.of(Jca.digest(h).digest(b.array()));
    }

    /** Ours to send: the peer's hash first, then our own (random when {@code fake}). */
    static List<NatDiscoveryPayload> payloads(PayloadType type, HashAlgorithm h, CookiePair cookies,
                                              InetSocketAddress local, InetSocketAddress remote, boolean fake, Entropy entropy) {
        Bytes mine;
        if (fake) {
            byte[] r = new byte[h.outputLength()];
            entropy.nextBytes(r);
            mine = Bytes.of(r);
        } else {
            mine = hash(h, cookies, local);
        }
        return List.of(new NatDiscoveryPayload(type, hash(h, cookies, remote)), new NatDiscoveryPayload(type, mine));
    }

    /** Compares the peer's NAT-D payloads (first: our address as it saw it; then its own) with what we see. */
    static Result check(List<NatDiscoveryPayload> received, HashAlgorithm h, CookiePair cookies,
                        InetSocketAddress local, InetSocketAddress remote) {
        if (received.size() < 2) return new Result(false, false);
        boolean localOk = received.get(0).hash().equals(hash(h, cookies, local));
        Bytes peer = hash(h, cookies, remote);
        boolean peerOk = received.subList(1, received.size()).stream().anyMatch(p -> p.hash().equals(peer));
        return new Result(!localOk, !peerOk);
    }
}
