package org.ikd.esp.mode;

import org.ikd.esp.packet.AhHeader;
import org.ikd.esp.packet.EspHeader;
import org.ikd.esp.packet.Frame;
import org.ikd.esp.packet.Ipv4Header;
import org.ikd.esp.packet.Ipv6Extensions;
import org.ikd.esp.packet.Ipv6Header;
import org.ikd.esp.packet.NetworkOrder;
import org.ikd.esp.transform.AhTransform;
import org.ikd.esp.transform.EspTransform;

/**
 * Inserts or removes an ESP or AH header right after the IP header (RFC 4303 §3.1.1, RFC 4302
 * §3.1.1). The payload never moves; the IP header does (at most 60 bytes). Tunnel mode reuses
 * this after {@link TunnelMode} has prepended the outer header, so the outer header is "the IP
 * header" here. One per pump: it owns header views and scratch space.
 *
 * <pre>
 * outbound  [IP][payload]                 -> [IP][ESP|IV][ciphertext|pad|PL|NH][ICV]
 *           [IP][payload]                 -> [IP][AH|ICV][payload]
 *           [IPv6][HbH][RH][DO][payload]  -> [IPv6][HbH][RH][AH|ICV|pad][DO][payload]
 * inbound   the reverse; the caller checked the SPI, the replay window comes next.
 * </pre>
 * Over IPv6, "the IP header" is the base header with the extension headers that precede IPsec
 * ({@link Ipv6Extensions}); ESP is only inserted and removed where there are none.
 */
public final class TransportMode {
    private final Ipv4Header v4 = new Ipv4Header();
    private final AhHeader ahView = new AhHeader();
    private final Ipv6Extensions chain = new Ipv6Extensions();
    private final byte[] savedHeader = new byte[60];

    /**
     * The IP header length of the packet in the frame: the IPv4 IHL, or IPv6's 40 plus the
     * Hop-by-Hop, Routing and Destination Options headers before the next header (RFC 8200 §4.1).
     */
    public int headerLength(Frame f) {
        byte[] b = f.array();
        int o = f.offset();
        if ((b[o] & 0xf0) == 0x40) return (b[o] & 0x0f) * 4;
        return chain.walkToIpsec(b, o, f.end()) < 0 ? Ipv6Header.LENGTH : chain.offset() - o;
    }

    /**
     * IPv4 Protocol, or the IPv6 header type after those {@link #headerLength} counts (AH or ESP
     * in a protected packet), {@link Ipv6Extensions#MALFORMED} if the chain runs past the packet.
     */
    public int protocol(Frame f) {
        byte[] b = f.array();
        int o = f.offset();
        return (b[o] & 0xf0) == 0x40 ? b[o + 9] & 0xff : chain.walkToIpsec(b, o, f.end());
    }

    public int insertEsp(Frame f, EspTransform t, int spi, long seq) {
        byte[] b = f.array();
        int ip = f.offset();
        boolean v6 = (b[ip] & 0xf0) == 0x60;
        int ihl = v6 ? Ipv6Header.LENGTH : headerLength(f);
        int nextHeader = v6 ? b[ip + 6] & 0xff : protocol(f);
        if (v6 && Ipv6Header.isExtensionHeader(nextHeader)) return ModeFailure.UNSUPPORTED;
        int payload = ip + ihl;
        int payloadLength = f.length() - ihl;
        int esp = payload - t.shift() - t.headerLength();
        int newIp = esp - ihl;
        if (ihl + t.headerLength() + payloadLength + t.maxTrailerLength() > ModeFailure.MAX_IP_LENGTH) return ModeFailure.TOO_BIG;
        if (newIp < 0 || payload + payloadLength + t.maxTrailerLength() > b.length) return ModeFailure.NO_ROOM;
        System.arraycopy(b, ip, b, newIp, ihl);
        NetworkOrder.put32(b, esp, spi);
        NetworkOrder.put32(b, esp + 4, (int) seq);                     // RFC 4303 §2.2: low-order 32 bits
        t.writeIv(b, esp, seq);
        int espLength = t.seal(b, esp, payloadLength, nextHeader, (int) (seq >>> 32));
        setProtocolAndLength(b, newIp, ihl, EspHeader.PROTOCOL, ihl + espLength);
        f.set(newIp, ihl + espLength);
        return 0;
    }

    public int insertAh(Frame f, AhTransform t, int spi, long seq) {
        byte[] b = f.array();
        int ip = f.offset();
        if ((b[ip] & 0xf0) == 0x60) return insertAh6(f, t, spi, seq);
        int ihl = headerLength(f);
        int ahLength = t.headerLength();
        int total = f.length() + ahLength;
        if (total > ModeFailure.MAX_IP_LENGTH) return ModeFailure.TOO_BIG;
        int newIp = ip - ahLength;
        if (newIp < 0) return ModeFailure.NO_ROOM;
        int nextHeader = protocol(f);
        System.arraycopy(b, ip, b, newIp, ihl);
        ahView.wrap(b, newIp + ihl).write(nextHeader, ahLength, spi, (int) seq);
        v4.wrap(b, newIp);
        v4.setProtocol(AhHeader.PROTOCOL);
        v4.setTotalLength(total);
        t.seal(b, newIp, total, (int) (seq >>> 32));
        v4.updateChecksum();
        f.set(newIp, total);
        return 0;
    }

    /**
     * RFC 4302 §3.1.1: AH goes after Hop-by-Hop, Routing (and the Destination Options for its
     * routers) and Fragment headers; tunnel mode's outer header has none, so there AH follows it.
     * A Fragment header means the packet was cut before IPsec, which AH does not allow (§3.3.2).
     */
    private int insertAh6(Frame f, AhTransform t, int spi, long seq) {
        byte[] b = f.array();
        int ip = f.offset();
        int nextHeader = chain.walkToAhPlace(b, ip, f.end());
        if (nextHeader == Ipv6Extensions.MALFORMED) return ModeFailure.MALFORMED;
        if (nextHeader == Ipv6Extensions.FRAGMENT) return ModeFailure.UNSUPPORTED;
        int before = chain.offset() - ip;
        int nextHeaderAt = chain.nextHeaderAt() - ip;
        int ahLength = t.headerLength();
        int total = f.length() + ahLength;
        if (total > ModeFailure.MAX_IP_LENGTH) return ModeFailure.TOO_BIG;
        int newIp = ip - ahLength;
        if (newIp < 0) return ModeFailure.NO_ROOM;
        System.arraycopy(b, ip, b, newIp, before);
        ahView.wrap(b, newIp + before).write(nextHeader, ahLength, spi, (int) seq);
        b[newIp + nextHeaderAt] = (byte) AhHeader.PROTOCOL;
        NetworkOrder.put16(b, newIp + 4, total - Ipv6Header.LENGTH);
        if (!t.seal6(b, newIp, total, newIp + before, (int) (seq >>> 32))) return ModeFailure.UNSUPPORTED;
        f.set(newIp, total);
        return 0;
    }

    /** Verifies and removes an AH header; returns its Next Header or a {@link ModeFailure}. */
    public int removeAh(Frame f, AhTransform t, int seqHigh) {
        byte[] b = f.array();
        int ip = f.offset();
        if ((b[ip] & 0xf0) == 0x60) return removeAh6(f, t, seqHigh);
        int ihl = headerLength(f);
        int ah = ip + ihl;
        int ahLength = ((b[ah + 1] & 0xff) + 2) * 4;
        if (ahLength != t.headerLength() || ihl + ahLength > f.length()) return ModeFailure.MALFORMED;
        if (!t.open(b, ip, f.length(), seqHigh)) return ModeFailure.AUTHENTICATION_FAILED;
        int nextHeader = b[ah] & 0xff;
        System.arraycopy(b, ip, b, ip + ahLength, ihl);
        setProtocolAndLength(b, ip + ahLength, ihl, nextHeader, f.length() - ahLength);
        f.set(ip + ahLength, f.length() - ahLength);
        return nextHeader;
    }

    /** The AH header follows the extension headers the caller walked past ({@link #headerLength}). */
    private int removeAh6(Frame f, AhTransform t, int seqHigh) {
        byte[] b = f.array();
        int ip = f.offset();
        if (chain.walkToIpsec(b, ip, f.end()) != AhHeader.PROTOCOL) return ModeFailure.MALFORMED;
        int ah = chain.offset();
        int before = ah - ip;
        int nextHeaderAt = chain.nextHeaderAt() - ip;
        int ahLength = ((b[ah + 1] & 0xff) + 2) * 4;
        if (ahLength != t.headerLength() || before + ahLength > f.length()) return ModeFailure.MALFORMED;
        if (!t.open6(b, ip, f.length(), ah, seqHigh)) return ModeFailure.AUTHENTICATION_FAILED;
        int nextHeader = b[ah] & 0xff;
        b[ip + nextHeaderAt] = (byte) nextHeader;
        System.arraycopy(b, ip, b, ip + ahLength, before);
        NetworkOrder.put16(b, ip + ahLength + 4, f.length() - ahLength - Ipv6Header.LENGTH);
        f.set(ip + ahLength, f.length() - ahLength);
        return nextHeader;
    }

    /**
     * Verifies, decrypts and removes an ESP header; returns the Next Header or a
     * {@link ModeFailure}. The IP header is saved first: a CBC transform writes its plaintext
     * over the end of it. The caller guarantees 64 bytes of headroom.
     */
    public int removeEsp(Frame f, EspTransform t, int seqHigh) {
        byte[] b = f.array();
        int ip = f.offset();
        int ihl = headerLength(f);
        if (ihl > savedHeader.length || (b[ip] & 0xf0) == 0x60 && ihl != Ipv6Header.LENGTH) return ModeFailure.UNSUPPORTED;
        int esp = ip + ihl;
        System.arraycopy(b, ip, savedHeader, 0, ihl);
        int n = t.open(b, esp, f.length() - ihl, seqHigh);
        if (n == EspTransform.AUTHENTICATION_FAILED) return ModeFailure.AUTHENTICATION_FAILED;
        if (n < 0) return ModeFailure.DECRYPTION_FAILED;
        int newIp = t.openedOffset(esp) - ihl;
        System.arraycopy(savedHeader, 0, b, newIp, ihl);
        setProtocolAndLength(b, newIp, ihl, t.nextHeader(), ihl + n);
        f.set(newIp, ihl + n);
        return t.nextHeader();
    }

    private void setProtocolAndLength(byte[] b, int ip, int ihl, int protocol, int totalLength) {
        if (ihl == Ipv6Header.LENGTH && (b[ip] & 0xf0) == 0x60) {
            b[ip + 6] = (byte) protocol;
            NetworkOrder.put16(b, ip + 4, totalLength - Ipv6Header.LENGTH);
            return;
        }
        v4.wrap(b, ip);
        v4.setProtocol(protocol);
        v4.setTotalLength(totalLength);
        v4.updateChecksum();
    }
}
