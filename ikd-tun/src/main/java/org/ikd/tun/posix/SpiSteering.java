package org.ikd.tun.posix;

import jnr.ffi.Pointer;
import org.ikd.tun.IpFamily;

/**
 * Classic BPF programs (linux/filter.h) that spread ESP and AH over the inbound pumps by SPI, so that
 * each inbound SA is read by one pump only (its replay window has one writer) and its pump writes into
 * its own TUN queue (issue 16 item 1). SPIs are random (RFC 4303 §2.1), so SPI mod N spreads them.
 * <ul>
 * <li>{@link #reuseport}: a UDP/4500 reuseport group of the IKE socket (index 0) and N data-plane
 *     sockets (1..N): marker or short payload → 0, else 1 + SPI mod N (RFC 3948 §2.2, §2.3);
 * <li>{@link #socketFilter}: on raw socket {@code index} of N (every raw socket of a protocol gets a copy
 *     of each packet): keep the packet when SPI mod N is {@code index}. IPv4 raw sockets see the IP header
 *     (the SPI is behind its IHL), IPv6 ones only the payload; ESP's SPI is its first word, AH's its second
 *     (RFC 4302 §2).
 * </ul>
 */
final class SpiSteering {
    static final int SO_ATTACH_FILTER = 26;              // asm-generic/socket.h
    static final int SO_ATTACH_REUSEPORT_CBPF = 51;
    private static final int LD_W_ABS = 0x20;            // A = word at k
    private static final int LD_W_IND = 0x40;            // A = word at X + k
    private static final int LDX_B_MSH = 0xb1;           // X = 4 * (byte at k & 0xf): the IPv4 header length
    private static final int LD_W_LEN = 0x80;            // A = the packet's length
    private static final int SUB_X = 0x1c;               // A -= X
    private static final int JEQ_K = 0x15;
    private static final int JGE_K = 0x35;
    private static final int KEEP = 0x40000;             // keep up to 256 KiB: the whole packet
    private static final int MOD_K = 0x94;               // BPF_ALU | BPF_MOD | BPF_K (Linux >= 3.7)
    private static final int ADD_K = 0x04;
    private static final int RET_K = 0x06;
    private static final int RET_A = 0x16;
    private static final int AH_PROTOCOL = 51;

    private SpiSteering() {
    }

    /** The reuseport program for the IKE socket and {@code pumps} ESP-in-UDP sockets. */
    static int[][] reuseport(int pumps) {
        return new int[][] {
            {LD_W_ABS, 0, 0, 0},          // the first word of the UDP payload; shorter than 4: return 0
            {JEQ_K, 0, 1, 0},             // the non-ESP marker?
            {RET_K, 0, 0, 0},             // the IKE socket
            {MOD_K, 0, 0, pumps},
            {ADD_K, 0, 0, 1},
            {RET_A, 0, 0, 0},             // data-plane socket 1 + SPI mod N
        };
    }

    /**
     * The socket filter of raw socket {@code index} of {@code pumps} for {@code protocol} (50 ESP, 51 AH).
     * A packet too short to hold an SPI goes to socket 0, whose pump drops and counts it as malformed.
     */
    static int[][] socketFilter(IpFamily family, int protocol, int pumps, int index) {
        int spiAt = protocol == AH_PROTOCOL ? 4 : 0;
        int shortVerdict = index == 0 ? KEEP : 0;
        int[][] v4 = {
            {LDX_B_MSH, 0, 0, 0},         // X = the IPv4 header's length
            {LD_W_LEN, 0, 0, 0},
            {SUB_X, 0, 0, 0},             // A = what follows the header
            {JGE_K, 1, 0, spiAt + 4},
            {RET_K, 0, 0, shortVerdict},
            {LD_W_IND, 0, 0, spiAt},
        };
        int[][] v6 = {                    // an IPv6 raw socket's filter sees the payload only
            {LD_W_LEN, 0, 0, 0},
            {JGE_K, 1, 0, spiAt + 4},
            {RET_K, 0, 0, shortVerdict},
            {LD_W_ABS, 0, 0, spiAt},
        };
        int[][] spread = {
            {MOD_K, 0, 0, pumps},
            {JEQ_K, 0, 1, index},
            {RET_K, 0, 0, KEEP},          // this pump's
            {RET_K, 0, 0, 0},             // another pump's
        };
        int[][] load = family == IpFamily.IPV4 ? v4 : v6;
        int[][] program = new int[load.length + spread.length][];
        System.arraycopy(load, 0, program, 0, load.length);
        System.arraycopy(spread, 0, program, load.length, spread.length);
        return program;
    }

    /** setsockopt({@code option}) with {@code program} as a struct sock_fprog. */
    static void attach(int fd, int option, int[][] program, String what) throws ErrnoException {
        Pointer filter = Native.allocate(program.length * 8);
        for (int i = 0; i < program.length; i++) {
            filter.putShort(i * 8L, (short) program[i][0]);
            filter.putByte(i * 8L + 2, (byte) program[i][1]);
            filter.putByte(i * 8L + 3, (byte) program[i][2]);
            filter.putInt(i * 8L + 4, program[i][3]);
        }
        Pointer fprog = Native.allocate(16);
        fprog.putShort(0, (short) program.length);
        fprog.putLong(8, filter.address());
        Native.check(Native.libc().setsockopt(fd, Native.SOL_SOCKET, option, fprog, 16), what);
    }
}
