package org.ikd.core.ike;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.FragmentPayload;

/**
 * Puts received IKEv1 fragments (payload 132) back together before the engine reads the message.
 * Bounded on every side ({@link FragmentationSettings}): fragments per message, bytes per message,
 * incomplete sets at once (the oldest gives way) and their age. A set that breaks a rule is dropped
 * whole and counted; so is one that times out. Confined to the IKE event loop.
 *
 * <ol>
 * <li>A set is known by the peer's address, the cookies and the fragment ID.
 * <li>A fragment number seen before with the same bytes is a retransmission and is ignored;
 *     with other bytes, or past the last fragment, or beyond the limits, the set is dropped.
 * <li>Once the last fragment and every number before it are in, the slices are joined in number
 *     order; the result must carry the cookies of its fragments.
 * </ol>
 */
public final class FragmentReassembler {
    /** What the reassembler has seen since the engine started. */
    public record Statistics(long fragments, long duplicates, long reassembled, long dropped) {}

    private record Key(InetAddress peer, Bytes cookies, int fragmentId) {}

    private static final class Set {
        final Instant started;
        final Bytes[] slices;
        int last;               // number of the LAST fragment, 0 until it arrives
        int count;
        int bytes;

        Set(Instant started, int maxFragments) {
            this.started = started;
            this.slices = new Bytes[maxFragments + 1];
        }
    }

    private final FragmentationSettings settings;
    private final Map<Key, Set> pending = new LinkedHashMap<>();    // oldest first
    private long fragments, duplicates, reassembled, dropped;

    FragmentReassembler(FragmentationSettings settings) {
        this.settings = settings;
    }

    Statistics statistics() {
        return new Statistics(fragments, duplicates, reassembled, dropped);
    }

    int pending() {
        return pending.size();
    }

    /**
     * Adds the fragment in {@code d}; returns the whole message as a datagram from the same peer once
     * complete, else null. Throws an {@link IsakmpException} for a fragment that breaks a rule.
     */
    InboundDatagram offer(InboundDatagram d, Instant now) {
        expire(now);
        IsakmpFragments.Fragment f = IsakmpFragments.parse(d.message());
        fragments++;
        FragmentPayload p = f.payload();
        Key key = new Key(d.remote().getAddress(), f.cookies(), p.fragmentId());
        Set set = pending.get(key);
        if (set == null) set = open(key, now);
        Bytes seen = p.number() < set.slices.length ? set.slices[p.number()] : null;
        if (seen != null && seen.equals(p.data()) && (!p.last() || set.last == p.number())) {
            duplicates++;
            return null;
        }
        String broken = check(set, p, seen);
        if (broken != null) {
            pending.remove(key);
            dropped++;
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "fragment " + p.number() + " of ID " + p.fragmentId()
                    + ": " + broken + "; its set is dropped");
        }
        set.slices[p.number()] = p.data();
        set.count++;
        set.bytes += p.data().length();
        if (p.last()) set.last = p.number();
        if (set.last == 0 || set.count < set.last) return null;
        pending.remove(key);
        return join(d, f.cookies(), set);
    }

    private Set open(Key key, Instant now) {
        if (pending.size() >= settings.maxPending()) {
            Iterator<Set> oldest = pending.values().iterator();
            oldest.next();
            oldest.remove();
            dropped++;
        }
        Set set = new Set(now, settings.maxFragments());
        pending.put(key, set);
        return set;
    }

    /** The rule {@code p} breaks in {@code set}, or null. */
    private String check(Set set, FragmentPayload p, Bytes seen) {
        if (p.number() > settings.maxFragments())
            return "number beyond the limit of " + settings.maxFragments() + " fragments";
        if (seen != null) return "number already received with other contents";
        if (set.last != 0 && p.number() > set.last) return "number past the last fragment (" + set.last + ")";
        if (p.last() && set.last != 0) return "a second last fragment (the first was " + set.last + ")";
        if (p.last() && highest(set) > p.number()) return "marked last below fragment " + highest(set);
        if (set.bytes + p.data().length() > settings.maxMessage())
            return "message grows past " + settings.maxMessage() + " bytes";
        return null;
    }

    private static int highest(Set set) {
        for (int n = set.slices.length - 1; n > 0; n--) if (set.slices[n] != null) return n;
        return 0;
    }

    private InboundDatagram join(InboundDatagram d, Bytes cookies, Set set) {
        Bytes[] parts = new Bytes[set.last];
        System.arraycopy(set.slices, 1, parts, 0, set.last);
        Bytes whole = Bytes.concat(parts);
        if (whole.length() < InboundMessage.HEADER_LENGTH || !whole.slice(0, 16).equals(cookies)
                || IsakmpFragments.isFragment(IsakmpHeader.decode(whole))) {
            dropped++;
            throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found a reassembled message of " + whole.length()
                    + " bytes, expected a message (not a fragment) with the cookies of its fragments");
        }
        reassembled++;
        return new InboundDatagram(d.local(), d.remote(), d.natTraversalPort(), whole);
    }

    private void expire(Instant now) {
        Instant horizon = now.minus(settings.timeout());
        for (Iterator<Set> it = pending.values().iterator(); it.hasNext(); ) {
            if (it.next().started.isAfter(horizon)) break;          // insertion order: the rest are younger
            it.remove();
            dropped++;
        }
    }
}
