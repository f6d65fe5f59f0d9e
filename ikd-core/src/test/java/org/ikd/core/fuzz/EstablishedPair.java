package org.ikd.core.fuzz;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.EnginePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.IsakmpSa;

/**
 * Two engines with an ISAKMP SA and one IPsec SA pair between them, negotiated in memory
 * (HDR, SA ... HDR*, HASH(3): nine messages), and an eavesdropper that knows the SA's keys and
 * followed every message. A fuzz target sends the engines what it likes through {@link #keys}.
 */
final class EstablishedPair {
    final EnginePair pair;
    final KnownKeys keys;
    /** Every datagram of the negotiation, in order: Main Mode 1-6, Quick Mode 1-3. */
    final List<Bytes> wire;
    private int nextMessageId = 0x7a000001;

    private EstablishedPair(EnginePair pair, KnownKeys keys, List<Bytes> wire) {
        this.pair = pair;
        this.keys = keys;
        this.wire = wire;
    }

    static EstablishedPair negotiate(FuzzPeers peers) {
        EnginePair pair = new EnginePair(peers.engine(FuzzPeers.A, List.of(FuzzPeers.AES128_SHA256_ECP256), 1),
                FuzzPeers.A, peers.engine(FuzzPeers.B, FuzzPeers.ACCEPTED, 2), FuzzPeers.B, FuzzPeers.PORT);
        List<Bytes> wire = new ArrayList<>();
        pair.path = d -> {
            wire.add(d.message());
            return d;
        };
        pair.acquire(pair.a, FuzzPeers.acquire(FuzzPeers.A, FuzzPeers.B));
        int delivered = pair.deliverAll();
        if (delivered != 9 || pair.b.events(IkeEvent.QuickModeEstablished.class).size() != 1)
            throw new AssertionError("the in-memory negotiation failed: " + pair.b.events);
        pair.path = d -> d;
        IsakmpSa a = pair.a.engine.isakmpSas().get(0);
        KnownKeys keys = new KnownKeys(FuzzPeers.AES128_SHA256_ECP256, a.protection(), a.cookies(), wire.get(2), wire.get(3));
        keys.open(wire.get(4));
        keys.open(wire.get(5));
        return new EstablishedPair(pair, keys, List.copyOf(wire));
    }

    /** A message ID no exchange on the SA has used. */
    int newMessageId() {
        return nextMessageId++;
    }

    /** True while both ends still have the ISAKMP SA established. */
    boolean established() {
        return established(pair.a) && established(pair.b);
    }

    private static boolean established(EnginePair.Side side) {
        List<IsakmpSa> sas = side.engine.isakmpSas();
        return sas.size() == 1 && sas.get(0).state() == IsakmpSa.State.ESTABLISHED;
    }
}
