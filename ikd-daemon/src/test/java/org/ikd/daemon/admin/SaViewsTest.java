package org.ikd.daemon.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.Secret;
import org.ikd.core.ike.AcquireRequest;
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
import org.ikd.daemon.TestPolicies;
import org.ikd.daemon.control.QuickModeSaView;
import org.ikd.daemon.sa.InstalledPairs;
import org.ikd.esp.SaSnapshot;
import org.junit.jupiter.api.Test;

/**
 * {@code ikdctl show qm} rows (issue 6): a pair whose outbound side a rekey retired still reports
 * what it sent, from the counters kept when it was retired ({@link InstalledPairs#retiredOutbound}).
 */
public class SaViewsTest {
    private static final InetAddress A = TestPolicies.ip("198.18.0.1");
    private static final InetAddress B = TestPolicies.ip("198.18.0.2");

    public static IpsecSaSpec esp(int spi, Direction d, InetAddress from, InetAddress to) {
        Selector s = Selector.between(Subnet.host(from), Subnet.host(to));
        return new IpsecSaSpec(new Spi(spi), IpsecProtocol.ESP, d, Mode.TRANSPORT, EspCipher.AES_GCM_16, 128, null,
                Secret.of(new byte[20]), null, from, to, s, SaLifetime.of(3600, 100_000 * 1024L, 90), null, false, 64);
    }

    private static InstalledPairs.Installed installed(long id, int spiIn, int spiOut) {
        IpsecSaPair pair = new IpsecSaPair(id, "peer", IpsecSaBundle.of(esp(spiIn, Direction.INBOUND, B, A)),
                IpsecSaBundle.of(esp(spiOut, Direction.OUTBOUND, A, B)));
        return new InstalledPairs.Installed(pair, 3, B, new AcquireRequest("peer", pair.outbound().outermost().selector(), A, B),
                false, true, 0);
    }

    private static SaSnapshot snapshot(long pairId, int spi, Direction d, long packets, long bytes) {
        return new SaSnapshot(pairId, "peer", new Spi(spi), d, "esp", packets, bytes, 0, 0, 0, packets, 1_000_000, 1200, 2400, true);
    }

    @Test
    void aPairWhoseOutboundSideARekeyRetiredReportsTheRetiredBytes() {
        InstalledPairs pairs = new InstalledPairs();
        pairs.add(installed(1, 0xc1000001, 0xd1000001));
        pairs.add(installed(2, 0xc2000002, 0xd2000002));
        // pair 1's outbound SA left the data plane at the rekey; its last counters were kept
        pairs.retired(snapshot(1, 0xd1000001, Direction.OUTBOUND, 70, 7000));
        List<SaSnapshot> live = List.of(
                snapshot(1, 0xc1000001, Direction.INBOUND, 50, 5000),
                snapshot(2, 0xc2000002, Direction.INBOUND, 3, 300),
                snapshot(2, 0xd2000002, Direction.OUTBOUND, 4, 400));

        List<QuickModeSaView> rows = SaViews.quickModes(pairs.all(), live, pairs::retiredOutbound);

        assertEquals(2, rows.size());
        QuickModeSaView old = rows.get(0);
        assertEquals(1, old.id());
        assertEquals(7000, old.bytesOut());
        assertEquals(70, old.packetsOut());
        assertEquals(5000, old.bytesIn());
        assertEquals("d1000001", old.outboundSpi());
        // without a live outbound SA, the time left is the inbound SA's
        assertEquals(1200L, old.secondsLeft());
        QuickModeSaView fresh = rows.get(1);
        assertEquals(400, fresh.bytesOut());
        assertEquals(300, fresh.bytesIn());
    }

    @Test
    void aLiveOutboundSaWinsOverNothingRetired() {
        InstalledPairs pairs = new InstalledPairs();
        pairs.add(installed(5, 0xc5000005, 0xd5000005));
        List<QuickModeSaView> rows = SaViews.quickModes(pairs.all(),
                List.of(snapshot(5, 0xd5000005, Direction.OUTBOUND, 9, 900)), pairs::retiredOutbound);
        assertEquals(900, rows.get(0).bytesOut());
        assertEquals(0, rows.get(0).bytesIn());
    }

    @Test
    void removingAPairForgetsItsRetiredCounters() {
        InstalledPairs pairs = new InstalledPairs();
        pairs.add(installed(1, 0xc1000001, 0xd1000001));
        pairs.retired(snapshot(1, 0xd1000001, Direction.OUTBOUND, 70, 7000));
        pairs.remove(1);
        assertEquals(null, pairs.retiredOutbound(1));
    }

    @Test
    void theLifetimeLeftIsThatOfTheSaNearestToItsLimitInEitherDirection() {
        // a one-way transfer into us: the inbound SA reaches the kilobyte limit while the outbound one carries ACKs
        InstalledPairs pairs = new InstalledPairs();
        pairs.add(installed(6, 0xc6000006, 0xd6000006));
        SaSnapshot in = new SaSnapshot(6, "peer", new Spi(0xc6000006), Direction.INBOUND, "esp", 90, 90_000, 0, 0, 0, 90,
                10 * 1024, 1300, 2300, false);
        SaSnapshot out = new SaSnapshot(6, "peer", new Spi(0xd6000006), Direction.OUTBOUND, "esp", 9, 900, 0, 0, 0, 9,
                99_000 * 1024L, 1200, 2400, false);
        QuickModeSaView row = SaViews.quickModes(pairs.all(), List.of(in, out), pairs::retiredOutbound).get(0);
        assertEquals(10L, row.kilobytesLeft(), "the inbound SA's");
        assertEquals(1200L, row.secondsLeft(), "the outbound SA's");
    }
}
