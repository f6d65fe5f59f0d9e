package org.ikd.core.ike;

import java.time.Duration;

/**
 * IKEv1 fragmentation (the Cisco vendor extension strongSwan implements, payload 132): when we send
 * fragments and how far we go reassembling the peer's. The modes are strongSwan's
 * {@code fragmentation = no|accept|yes|force}; receiving always works.
 *
 * @param mode            when to send fragments
 * @param fragmentSize    largest IP datagram an IKE message (or fragment) may make, as
 *                        strongSwan's {@code charon.fragment_size}
 * @param maxFragments    fragments one message may come in (1..255, the fragment number's range)
 * @param maxMessage      largest reassembled message
 * @param timeout         an incomplete set older than this is dropped
 * @param maxPending      incomplete sets kept at once (the oldest gives way)
 */
public record FragmentationSettings(Mode mode, int fragmentSize, int maxFragments, int maxMessage, Duration timeout,
                                    int maxPending) {
    public enum Mode {
        /** Never send fragments (received ones are still reassembled). */
        NO,
        /** Announce the vendor ID but never send fragments. */
        ACCEPT,
        /** Send fragments when the peer announced the vendor ID (or fragmented itself) and a message is too big. */
        YES,
        /** Send fragments whenever a message is too big, peer support or not. */
        FORCE
    }

    /** IPv4 + UDP headers (RFC 791, RFC 768); the non-ESP marker on UDP 4500 (RFC 3948 §2.2). */
    private static final int IPV4_UDP = 20 + 8, IPV6_UDP = 40 + 8, NON_ESP_MARKER = 4;
    /** ISAKMP header (RFC 2408 §3.1) + fragment payload header (generic 4 + ID 2 + number 1 + flags 1). */
    static final int FRAGMENT_OVERHEAD = 28 + 8;

    public static final FragmentationSettings DEFAULT =
            new FragmentationSettings(Mode.YES, 1280, 64, 65_535 - IPV4_UDP, Duration.ofSeconds(30), 64);

    public FragmentationSettings {
        java.util.Objects.requireNonNull(mode, "mode");
        if (fragmentSize < 576 || fragmentSize > 65_535)
            throw new IllegalArgumentException("fragment size " + fragmentSize + " (expected: 576..65535)");
        if (maxFragments < 1 || maxFragments > 255)
            throw new IllegalArgumentException("max fragments " + maxFragments + " (expected: 1..255)");
        if (maxMessage < 28) throw new IllegalArgumentException("max message " + maxMessage + " (expected: >= 28)");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("fragment timeout " + timeout + " (expected: > 0)");
        if (maxPending < 1) throw new IllegalArgumentException("max pending " + maxPending + " (expected: >= 1)");
    }

    public FragmentationSettings withMode(Mode m) {
        return new FragmentationSettings(m, fragmentSize, maxFragments, maxMessage, timeout, maxPending);
    }

    public FragmentationSettings withFragmentSize(int size) {
        return new FragmentationSettings(mode, size, maxFragments, maxMessage, timeout, maxPending);
    }

    /** Whether Main Mode 1/2 carry the FRAGMENTATION vendor ID: in every mode but {@code no}, as strongSwan. */
    public boolean announces() {
        return mode != Mode.NO;
    }

    /** The largest ISAKMP message that goes unfragmented (strongSwan's message.c fragment()). */
    public int maxUnfragmented(boolean ipv6, boolean natTraversalPort) {
        return fragmentSize - (ipv6 ? IPV6_UDP : IPV4_UDP) - (natTraversalPort ? NON_ESP_MARKER : 0);
    }

    /** Message bytes one fragment carries. */
    public int fragmentData(boolean ipv6, boolean natTraversalPort) {
        return maxUnfragmented(ipv6, natTraversalPort) - FRAGMENT_OVERHEAD;
    }

    /** True when a message of {@code length} goes as fragments to a peer that does (or not) support them. */
    public boolean fragments(int length, boolean peerSupports, boolean ipv6, boolean natTraversalPort) {
        boolean allowed = mode == Mode.FORCE || mode == Mode.YES && peerSupports;
        return allowed && length > maxUnfragmented(ipv6, natTraversalPort);
    }
}
