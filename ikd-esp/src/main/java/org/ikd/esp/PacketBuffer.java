package org.ikd.esp;

import java.net.InetAddress;
import org.ikd.core.policy.Selector;
import org.ikd.esp.mode.TransportMode;
import org.ikd.esp.mode.TunnelMode;
import org.ikd.esp.mode.UdpEncapsulation;
import org.ikd.esp.packet.Flow;
import org.ikd.esp.packet.Frame;
import org.ikd.esp.sad.SaBundle;
import org.ikd.esp.spd.SpdRule;

/**
 * One pump's packet buffer and working state, reused for every packet (nothing is allocated per
 * packet). The pump reads a packet at {@link #HEADROOM}, calls {@link #loadIp} or {@link #loadUdp},
 * hands it to the {@link DataPlane}, then sends {@code array()[offset() .. offset()+length())}.
 * Protection grows the packet into the headroom (outer header, ESP/AH header, IV) and the
 * tailroom (padding, trailer, ICV). Owned by one thread; get one from {@link DataPlane#newPacketBuffer()}.
 *
 * <p>After {@link Verdict#TRANSMIT}: {@link #encapsulation()} {@code IP} means a whole IP packet
 * for a raw socket (protocol 50/51, header included); {@code UDP} means ESP bytes to send from
 * UDP port {@link #localPort()} to {@link #peer()}:{@link #peerPort()} (RFC 3948).
 */
public final class PacketBuffer {
    /** Where pumps put received packets: room for outer IPv6 + AH + ESP header + IV + 32-byte CBC shift. */
    public static final int HEADROOM = 192;
    /** Minimum start offset accepted inbound (CBC plaintext lands before the ESP header). */
    public static final int MIN_INBOUND_HEADROOM = 64;
    public static final int MAX_PACKET = 65535;
    private static final int TAILROOM = 128;

    final int slot;
    private final byte[] array = new byte[HEADROOM + MAX_PACKET + TAILROOM];
    final Frame frame = new Frame(array);
    /** Out-of-place decryption target (see CbcHmacEsp): as long as the longest packet. */
    final byte[] scratch = new byte[MAX_PACKET + TAILROOM];
    final Flow flow = new Flow();
    final TransportMode transport = new TransportMode();
    final TunnelMode tunnel;
    final UdpEncapsulation udp = new UdpEncapsulation();
    final long[] statistics = new long[IpsecStatistic.values().length];
    final long[] drops = new long[DropReason.values().length];
    /** A packet being pre-fragmented ({@link InnerFragments}): whole, while fragments remain. */
    final byte[] held = new byte[MAX_PACKET];
    int heldLength;
    int heldChunk;
    int heldNext;
    SaBundle heldBundle;
    private Encapsulation encapsulation = Encapsulation.IP;
    private InetAddress peer;
    private int peerPort;
    private int localPort;
    private DropReason dropReason;
    private int unknownSpi;
    private boolean outermostUnknown;
    private SpdRule acquireRule;
    private Selector acquireSelector;

    PacketBuffer(int slot, int tunnelTtl) {
        this.slot = slot;
        this.tunnel = new TunnelMode(tunnelTtl);
    }

    public byte[] array() { return array; }
    public int offset() { return frame.offset(); }
    public int length() { return frame.length(); }
    /** How many bytes a pump may read at {@link #HEADROOM}. */
    public int readCapacity() { return MAX_PACKET; }
    /** This buffer's pump slot (0-based). */
    public int slot() { return slot; }

    /** A whole IP packet of {@code length} bytes was read at {@link #HEADROOM}. */
    public void loadIp(int length) {
        load(HEADROOM, length, Encapsulation.IP);
    }

    /** The payload of a UDP/4500 datagram (ESP bytes, or a keepalive) was read at {@link #HEADROOM}. */
    public void loadUdp(int length) {
        load(HEADROOM, length, Encapsulation.UDP);
    }

    public void load(int offset, int length, Encapsulation e) {
        if (offset < 0 || length < 0 || offset + length > array.length)
            throw new IllegalArgumentException("packet " + offset + "+" + length + " outside the buffer");
        frame.set(offset, length);
        heldBundle = null;
        encapsulation = e;
        dropReason = null;
        outermostUnknown = false;
        acquireRule = null;
        acquireSelector = null;
    }

    /**
     * After TRANSMIT: the packet was cut into fragments that each fit the path (RFC 4301 §8.1) and
     * more are to be sent; call {@link DataPlane#nextFragment} for each, until this is false.
     */
    public boolean moreFragments() { return heldBundle != null; }

    public Encapsulation encapsulation() { return encapsulation; }
    /** TRANSMIT: the outer destination. */
    public InetAddress peer() { return peer; }
    /** TRANSMIT with UDP: the peer's NAT-T port. */
    public int peerPort() { return peerPort; }
    /** TRANSMIT with UDP: our NAT-T port to send from. */
    public int localPort() { return localPort; }
    /** DROP: why. */
    public DropReason dropReason() { return dropReason; }
    /**
     * DROP with {@link DropReason#BAD_SPI} on the outermost ESP header: its SPI, which no inbound SA
     * has (the frame still starts at the outer IP header, or at the ESP header for UDP). The pump
     * reports it so that IKE can make the peer replace its stale SAs (issue 15).
     */
    public boolean unknownOutermostSpi() { return dropReason == DropReason.BAD_SPI && outermostUnknown; }
    public int unknownSpi() { return unknownSpi; }
    /** ACQUIRE: the SPD rule whose negotiate action matched. */
    public SpdRule acquireRule() { return acquireRule; }
    /** ACQUIRE: the rule's selector that matched (the generic filter). */
    public Selector acquireSelector() { return acquireSelector; }
    /** ACQUIRE: the packet's own 5-tuple (for a specific filter). */
    public Flow flow() { return flow; }

    void holdFragments(SaBundle bundle, int length, int chunk) {
        heldBundle = bundle;
        heldLength = length;
        heldChunk = chunk;
    }

    /** A fragment of the held packet is in the frame; the held one is done after the last. */
    void loadFragment(int offset, int length, boolean last) {
        frame.set(offset, length);
        encapsulation = Encapsulation.IP;
        dropReason = null;
        if (last) heldBundle = null;
    }

    /** {@link DropReason#BAD_SPI} for {@code spi} of the outermost ESP header. */
    Verdict dropUnknownSpi(int spi) {
        unknownSpi = spi;
        outermostUnknown = true;
        return drop(DropReason.BAD_SPI);
    }

    Verdict drop(DropReason r) {
        dropReason = r;
        heldBundle = null;                  // one fragment lost: the rest could never be reassembled
        drops[r.ordinal()]++;
        if (r.statistic() != null) statistics[r.statistic().ordinal()]++;
        return Verdict.DROP;
    }

    Verdict acquire(SpdRule rule, Selector selector) {
        heldBundle = null;
        acquireRule = rule;
        acquireSelector = selector;
        return Verdict.ACQUIRE;
    }

    Verdict transmit(Encapsulation e, InetAddress to, int remotePort, int ourPort) {
        encapsulation = e;
        peer = to;
        peerPort = remotePort;
        localPort = ourPort;
        return Verdict.TRANSMIT;
    }

    void count(IpsecStatistic s, long n) {
        statistics[s.ordinal()] += n;
    }
}
