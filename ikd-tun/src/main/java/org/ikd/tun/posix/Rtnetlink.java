package org.ikd.tun.posix;

import static org.ikd.tun.posix.ErrnoException.EAFNOSUPPORT;
import static org.ikd.tun.posix.ErrnoException.EAGAIN;
import static org.ikd.tun.posix.ErrnoException.EEXIST;
import static org.ikd.tun.posix.ErrnoException.EINTR;
import static org.ikd.tun.posix.ErrnoException.ENODEV;
import static org.ikd.tun.posix.ErrnoException.ENOENT;
import static org.ikd.tun.posix.ErrnoException.ESRCH;
import static org.ikd.tun.posix.RtnetlinkRequests.*;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import jnr.ffi.Pointer;
import org.ikd.tun.IpFamily;
import org.ikd.tun.LinkAddress;
import org.ikd.tun.Route;
import org.ikd.tun.Routing;
import org.ikd.tun.RoutingRule;

/**
 * A small NETLINK_ROUTE client (rtnetlink(7)) in the network namespace of the thread that opened it.
 *
 * <p>A request: 1. send it with a fresh sequence number and NLM_F_ACK (or NLM_F_DUMP); 2. read
 * datagrams, skipping answers to other sequence numbers; 3. collect data messages until NLMSG_ERROR
 * (0 = ACK, else -errno with the kernel's extended-ACK text) or NLMSG_DONE. A read that waits longer than
 * five seconds fails. Synchronized: meant for one control thread, safe from several.
 */
public final class Rtnetlink implements Routing, Closeable {
    private static final int AF_NETLINK = 16;
    private static final int NETLINK_ROUTE = 0;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_CAP_ACK = 10;
    private static final int NETLINK_EXT_ACK = 11;
    private static final int MSG_TRUNC = 0x20;
    private static final int SOCKADDR_NL_SIZE = 12;            // family, pad, pid (0 = kernel), groups
    private static final int BUFFER_SIZE = 65536;
    private static final int TIMEOUT_SECONDS = 5;

    private final int fd;
    private final ScratchMemory scratch = new ScratchMemory(BUFFER_SIZE);
    private int sequence;
    private boolean closed;

    private Rtnetlink(int fd) {
        this.fd = fd;
    }

    public static Rtnetlink open() throws IOException {
        int fd = Native.check(Native.libc().socket(AF_NETLINK, Native.SOCK_RAW | Native.SOCK_CLOEXEC, NETLINK_ROUTE),
                "socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE)");
        try {
            Native.setIntOption(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1, "NETLINK_EXT_ACK");
            Native.setIntOption(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1, "NETLINK_CAP_ACK");
            Pointer timeout = Native.allocate(16);                   // struct timeval {long sec; long usec;}
            timeout.putLong(0, TIMEOUT_SECONDS);
            Native.check(Native.libc().setsockopt(fd, Native.SOL_SOCKET, Native.SO_RCVTIMEO, timeout, 16), "SO_RCVTIMEO");
        } catch (IOException e) {
            Native.closeQuietly(fd);
            throw e;
        }
        return new Rtnetlink(fd);
    }

    @Override
    public int interfaceIndex(String name) throws IOException {
        try {
            for (NetlinkMessage m : transact(getLink(name))) {
                if (m.type() == RTM_NEWLINK) return RtnetlinkReplies.linkIndex(m);
            }
            return -1;
        } catch (ErrnoException e) {
            if (e.errno() == ENODEV) return -1;
            throw e;
        }
    }

    @Override
    public void setMtu(int interfaceIndex, int mtu) throws IOException {
        transact(RtnetlinkRequests.setMtu(interfaceIndex, mtu));
    }

    /** The device's transmit queue in packets: for a TUN device, what the kernel holds for the reader. */
    void setTxQueueLength(int interfaceIndex, int length) throws IOException {
        transact(RtnetlinkRequests.setTxQueueLength(interfaceIndex, length));
    }

    @Override
    public void addAddress(int interfaceIndex, LinkAddress address) throws IOException {
        transact(RtnetlinkRequests.addAddress(interfaceIndex, address));
    }

    @Override
    public void deleteAddress(int interfaceIndex, LinkAddress address) throws IOException {
        transact(RtnetlinkRequests.deleteAddress(interfaceIndex, address));
    }

    @Override
    public void setUp(int interfaceIndex) throws IOException {
        transact(RtnetlinkRequests.setUp(interfaceIndex));
    }

    @Override
    public boolean deleteLink(String name) throws IOException {
        int index = interfaceIndex(name);
        return index >= 0 && unlessErrno(() -> transact(RtnetlinkRequests.deleteLink(index, name)), ENODEV);
    }

    @Override
    public void addRoute(Route route) throws IOException {
        transact(RtnetlinkRequests.addRoute(route));
    }

    @Override
    public boolean ensureRoute(Route route) throws IOException {
        return unlessErrno(() -> transact(RtnetlinkRequests.addRoute(route)), EEXIST);
    }

    @Override
    public boolean deleteRoute(Route route) throws IOException {
        // IPv4 answers ESRCH for a missing route, IPv6 ENOENT
        return unlessErrno(() -> transact(RtnetlinkRequests.deleteRoute(route)), ESRCH, ENOENT);
    }

    @Override
    public List<Route> listRoutes(int table) throws IOException {
        List<Route> routes = new ArrayList<>();
        for (NetlinkMessage m : dump(RtnetlinkRequests::dumpRoutes)) {
            Route r = RtnetlinkReplies.route(m);
            if (r != null && r.table() == table) routes.add(r);
        }
        return routes;
    }

    /** Refuses main, local and default: ikd only ever flushes a table of its own. */
    @Override
    public int flushRoutes(int table) throws IOException {
        if (table == 253 || table == 254 || table == 255)
            throw new IllegalArgumentException("refusing to flush table " + table + " (default, main or local)");
        int deleted = 0;
        for (NetlinkMessage m : dump(RtnetlinkRequests::dumpRoutes)) {
            Route r = RtnetlinkReplies.route(m);
            if (r == null || r.table() != table) continue;
            NetlinkRequest delete = echo(RTM_DELROUTE, m.payload(), "RTM_DELROUTE (flush) " + r);
            if (unlessErrno(() -> transact(delete), ESRCH, ENOENT)) deleted++;   // gone with an earlier one
        }
        return deleted;
    }

    @Override
    public void addRule(RoutingRule rule) throws IOException {
        transact(RtnetlinkRequests.addRule(rule));
    }

    @Override
    public boolean deleteRule(RoutingRule rule) throws IOException {
        return unlessErrno(() -> transact(RtnetlinkRequests.deleteRule(rule)), ENOENT);
    }

    @Override
    public List<RoutingRule> listRules(int priority) throws IOException {
        List<RoutingRule> rules = new ArrayList<>();
        for (NetlinkMessage m : dump(RtnetlinkRequests::dumpRules)) {
            RoutingRule r = RtnetlinkReplies.rule(m);
            if (r != null && r.priority() == priority) rules.add(r);
        }
        return rules;
    }

    /** Refuses 0, 32766 and 32767, the kernel's own local, main and default rules. */
    @Override
    public int flushRules(int priority) throws IOException {
        if (priority == 0 || priority == 32766 || priority == 32767)
            throw new IllegalArgumentException("refusing to flush rules at priority " + priority + " (the kernel's local, main, default)");
        int deleted = 0;
        for (NetlinkMessage m : dump(RtnetlinkRequests::dumpRules)) {
            RoutingRule r = RtnetlinkReplies.rule(m);
            if (r == null || r.priority() != priority) continue;
            NetlinkRequest delete = echo(RTM_DELRULE, m.payload(), "RTM_DELRULE (flush) " + r);
            if (unlessErrno(() -> transact(delete), ENOENT)) deleted++;
        }
        return deleted;
    }

    /** Both families' dumps; a kernel without IPv6 answers EAFNOSUPPORT, which counts as empty. */
    private List<NetlinkMessage> dump(Function<IpFamily, NetlinkRequest> request) throws IOException {
        List<NetlinkMessage> all = new ArrayList<>(transact(request.apply(IpFamily.IPV4)));
        try {
            all.addAll(transact(request.apply(IpFamily.IPV6)));
        } catch (ErrnoException e) {
            if (e.errno() != EAFNOSUPPORT) throw e;
        }
        return all;
    }

    /** Sends one request and collects its answer (steps 1-3 of the class comment). */
    synchronized List<NetlinkMessage> transact(NetlinkRequest request) throws IOException {
        if (closed) throw new ClosedChannelException();
        int seq = ++sequence;
        byte[] out = request.encode(seq);
        if (out.length > BUFFER_SIZE) throw new IllegalArgumentException(request + ": " + out.length + " bytes");
        Pointer p = scratch.pointer();
        p.put(scratch.packet(), out, 0, out.length);
        for (int i = 0; i < SOCKADDR_NL_SIZE; i += 4) p.putInt(scratch.sockaddr() + i, 0);   // nl_pid 0: the kernel
        p.putShort(scratch.sockaddr(), (short) AF_NETLINK);
        if (Native.libc().sendmsg(fd, scratch.message(scratch.address() + scratch.packet(), out.length, SOCKADDR_NL_SIZE), 0) < 0)
            throw Native.failure("sendmsg NETLINK_ROUTE for " + request);
        List<NetlinkMessage> replies = new ArrayList<>();
        for (;;) {
            for (NetlinkMessage m : RtnetlinkReplies.split(receive(request))) {
                if (m.sequence() != seq) continue;                // a late answer to an earlier request
                if (m.type() == NLMSG_ERROR) {
                    int error = RtnetlinkReplies.error(m);
                    if (error == 0) return replies;
                    throw Native.failure(request.description(), -error, RtnetlinkReplies.extendedAck(m));
                }
                if (m.type() == NLMSG_DONE) {
                    int error = m.payload().remaining() >= 4 ? m.payload().getInt(0) : 0;
                    if (error < 0) throw Native.failure(request.description(), -error, RtnetlinkReplies.extendedAck(m));
                    return replies;
                }
                replies.add(m);
            }
        }
    }

    private byte[] receive(NetlinkRequest request) throws IOException {
        for (;;) {
            long n = Native.libc().recvmsg(fd, scratch.message(scratch.address() + scratch.packet(), BUFFER_SIZE, 0), MSG_TRUNC);
            if (n >= 0) {
                if (n > BUFFER_SIZE) throw new IOException(request + ": answer of " + n + " bytes (expected: <= " + BUFFER_SIZE + ")");
                byte[] datagram = new byte[(int) n];
                scratch.pointer().get(scratch.packet(), datagram, 0, (int) n);
                return datagram;
            }
            int errno = Native.errno();
            if (errno == EAGAIN)
                throw Native.failure(request.description(), errno, "no answer from the kernel within " + TIMEOUT_SECONDS + " s");
            if (errno != EINTR) throw Native.failure("recvmsg NETLINK_ROUTE for " + request, errno, null);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Native.libc().close(fd);
    }

    private interface Call {
        void run() throws IOException;
    }

    /** Runs a call: true if it succeeded, false if the kernel answered one of {@code tolerated} (exists / absent). */
    private static boolean unlessErrno(Call call, int... tolerated) throws IOException {
        try {
            call.run();
            return true;
        } catch (ErrnoException e) {
            for (int errno : tolerated) {
                if (e.errno() == errno) return false;
            }
            throw e;
        }
    }
}
