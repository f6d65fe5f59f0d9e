package org.ikd.tun.posix;

import java.nio.ByteBuffer;

/** One received netlink message: the {@code nlmsghdr} fields and its payload (a slice, host byte order). */
record NetlinkMessage(int type, int flags, int sequence, ByteBuffer payload) {
}
