package org.ikd.core.ike;

import org.ikd.core.ike.ipsec.PairState;
import java.net.InetAddress;
import java.time.Instant;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaPair;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.SaLifetime;
import org.ikd.core.sa.Spi;

/** Hand-made transport pairs (AES-GCM, 3600 s and 100,000 KB, soft at 90 %) for the registry and collision tests. */
final class TestPairs {
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    private TestPairs() {}

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static IpsecSaSpec esp(int spi, Direction d, InetAddress from, InetAddress to) {
        return new IpsecSaSpec(new Spi(spi), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_GCM_16, 128, null,
                Secret.of(new byte[20]), null, from, to, Selector.between(Subnet.host(from), Subnet.host(to)),
                SaLifetime.of(3600, 100_000 * 1024L, 90), null, false, 64);
    }

    static IpsecSaPair pair(long id, String rule, InetAddress me, InetAddress peer, int spiIn, int spiOut) {
        return new IpsecSaPair(id, rule, IpsecSaBundle.of(esp(spiIn, Direction.INBOUND, peer, me)),
                IpsecSaBundle.of(esp(spiOut, Direction.OUTBOUND, me, peer)));
    }

    /** A pair as {@code me} holds it, installed at {@code atMillis} after {@link #T0}. */
    static PairRegistry.Entry entry(InetAddress me, InetAddress peer, long id, int spiIn, int spiOut, long atMillis) {
        PairRegistry.Entry e = new PairRegistry.Entry(pair(id, "peer", me, peer, spiIn, spiOut), peer, PairState.INSTALLED);
        e.installedAt = T0.plusMillis(atMillis);
        return e;
    }
}
