package org.ikd.core.ike.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.policy.AddressText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts what arrives on one kind of port. UDP 500: every datagram is IKE. UDP 4500 (RFC 3948 §2.2):
 * four zero octets (the non-ESP marker) then IKE; a single 0xFF octet is a NAT keepalive (§2.3),
 * counted and ignored; otherwise ESP from its SPI on, for the data plane. One instance per port
 * kind, shared by the sockets of every local address; runs on the IKE event loop.
 */
@ChannelHandler.Sharable
final class UdpDemux extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger log = LoggerFactory.getLogger(UdpDemux.class);
    static final int NON_ESP_MARKER_LENGTH = 4;

    private final boolean natTraversalPort;
    private final IkeTransport transport;
    private final EspInUdpSink sink;
    private final TransportStatistics counters;

    UdpDemux(boolean natTraversalPort, IkeTransport transport, EspInUdpSink sink, TransportStatistics counters) {
        this.natTraversalPort = natTraversalPort;
        this.transport = transport;
        this.sink = sink;
        this.counters = counters;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        ByteBuf in = packet.content();
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        InetSocketAddress remote = packet.sender();
        if (!natTraversalPort) {
            transport.received(local, remote, false, copy(in, 0));
            return;
        }
        int n = in.readableBytes();
        if (n == 1 && in.getUnsignedByte(in.readerIndex()) == 0xff) {
            counters.keepalivesReceived.incrementAndGet();
        } else if (n < NON_ESP_MARKER_LENGTH) {
            counters.runtsDropped.incrementAndGet();
        } else if (in.getInt(in.readerIndex()) == 0) {
            transport.received(local, remote, true, copy(in, NON_ESP_MARKER_LENGTH));
        } else {
            if (counters.espReceived.getAndIncrement() == 0)
                log.info("ESP in UDP from {} arrives on the IKE socket {}: the IKE event loop hands it to the data plane",
                        AddressText.of(remote), AddressText.of(local));
            try {
                sink.receive(in.nioBuffer(), local, remote);
            } catch (RuntimeException e) {
                log.warn("the ESP-in-UDP sink failed on a packet from {}", AddressText.of(remote), e);
            }
        }
    }

    private static Bytes copy(ByteBuf in, int skip) {
        byte[] b = new byte[in.readableBytes() - skip];
        in.getBytes(in.readerIndex() + skip, b);
        return Bytes.of(b);
    }

    /** Netty: the socket's read burst is over (after up to maxMessagesPerRead datagrams). */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        transport.readComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        counters.sendFailures.incrementAndGet();                 // a socket error; the socket stays open
        log.warn("UDP socket {}: {}", AddressText.of((InetSocketAddress) ctx.channel().localAddress()), cause.toString());
    }
}
