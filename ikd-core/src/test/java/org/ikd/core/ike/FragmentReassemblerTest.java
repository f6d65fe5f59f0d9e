package org.ikd.core.ike;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.error.IsakmpException;
import org.junit.jupiter.api.Test;

/**
 * IKEv1 fragments (payload 132) against the layout strongSwan writes (encoding/payloads/fragment_payload.c,
 * encoding/message.c fragment()): the hex below is written by hand from that layout, not taken from ikd.
 */
class FragmentReassemblerTest {
    static final InetSocketAddress LOCAL = new InetSocketAddress(IkeEngineTest.ADDRESS_A, 500);
    static final InetSocketAddress PEER = new InetSocketAddress(IkeEngineTest.ADDRESS_B, 500);
    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    static final String COOKIES = "0011223344556677" + "8899aabbccddeeff";

    /** The original: cookies, next payload 5 (ID), version 1.0, Main Mode, flags 1 (encrypted), msgid 0, length 0x34. */
    static final Bytes ORIGINAL = Bytes.fromHex(COOKIES + "05100201" + "00000000" + "00000034"
            + "000102030405060708090a0b0c0d0e0f" + "1011121314151617");

    /**
     * A fragment message as strongSwan's message.c sends one for IKEv1: the cookies, next payload 0x84
     * (FRAGMENT), version 0x10, exchange 2 (ID_PROT), flags 0, message ID 0, length; then the FRAGMENT
     * payload: next 0, reserved 0, payload length, fragment ID (2), number (1), flags (1, 0x01 = last), data.
     */
    static Bytes fragmentHex(int id, int number, boolean last, String dataHex) {
        int payloadLength = 8 + dataHex.length() / 2;
        return Bytes.fromHex(COOKIES + "84100200" + "00000000" + String.format("%08x", 28 + payloadLength)
                + "0000" + String.format("%04x", payloadLength) + String.format("%04x%02x%02x", id, number, last ? 1 : 0) + dataHex);
    }

    /** ORIGINAL (52 bytes) cut in three by hand: 20 + 20 + 12. */
    static final List<Bytes> THREE = List.of(
            fragmentHex(7, 1, false, ORIGINAL.slice(0, 20).toHex()),
            fragmentHex(7, 2, false, ORIGINAL.slice(20, 40).toHex()),
            fragmentHex(7, 3, true, ORIGINAL.slice(40, 52).toHex()));

    static FragmentationSettings settings() {
        return FragmentationSettings.DEFAULT;
    }

    static InboundDatagram from(Bytes m) {
        return new InboundDatagram(LOCAL, PEER, false, m);
    }

    static Bytes offerAll(FragmentReassembler r, List<Bytes> fragments) {
        InboundDatagram whole = null;
        for (Bytes f : fragments) {
            InboundDatagram d = r.offer(from(f), T0);
            if (d != null) whole = d;
        }
        return whole == null ? null : whole.message();
    }

    @Test
    void splitWritesTheFragmentsStrongSwanWrites() {
        assertEquals(THREE, IsakmpFragments.split(ORIGINAL, 7, 20));
    }

    @Test
    void splitOfAnAggressiveModeMessageKeepsExchangeTypeFour() {
        // message.c create_fragment(): Aggressive Mode fragments carry exchange type 4 (AGGRESSIVE)
        Bytes aggressive = Bytes.concat(ORIGINAL.slice(0, 18), Bytes.of((byte) 4), ORIGINAL.slice(19, 52));
        assertEquals(4, IsakmpFragments.split(aggressive, 1, 30).get(0).getUnsigned(18));
    }

    @Test
    void reassemblesFragmentsInOrder() {
        FragmentReassembler r = new FragmentReassembler(settings());
        assertEquals(ORIGINAL, offerAll(r, THREE));
        assertEquals(new FragmentReassembler.Statistics(3, 0, 1, 0), r.statistics());
        assertEquals(0, r.pending());
    }

    @Test
    void reassemblesFragmentsOutOfOrder() {
        FragmentReassembler r = new FragmentReassembler(settings());
        assertEquals(ORIGINAL, offerAll(r, List.of(THREE.get(2), THREE.get(0), THREE.get(1))));
    }

    @Test
    void theWholeMessageComesFromThePeerAndSocketOfItsFragments() {
        FragmentReassembler r = new FragmentReassembler(settings());
        r.offer(new InboundDatagram(LOCAL, PEER, true, THREE.get(0)), T0);
        r.offer(new InboundDatagram(LOCAL, PEER, true, THREE.get(1)), T0);
        InboundDatagram d = r.offer(new InboundDatagram(LOCAL, PEER, true, THREE.get(2)), T0);
        assertEquals(new InboundDatagram(LOCAL, PEER, true, ORIGINAL), d);
    }

    @Test
    void ignoresARetransmittedFragment() {
        FragmentReassembler r = new FragmentReassembler(settings());
        assertEquals(ORIGINAL, offerAll(r, List.of(THREE.get(0), THREE.get(0), THREE.get(2), THREE.get(2), THREE.get(1))));
        assertEquals(2, r.statistics().duplicates());
    }

    @Test
    void waitsForTheLastFragment() {
        FragmentReassembler r = new FragmentReassembler(settings());
        assertNull(offerAll(r, THREE.subList(0, 2)));
        assertEquals(1, r.pending());
    }

    @Test
    void waitsForAMissingMiddleFragment() {
        FragmentReassembler r = new FragmentReassembler(settings());
        assertNull(offerAll(r, List.of(THREE.get(0), THREE.get(2))));
        assertEquals(ORIGINAL, r.offer(from(THREE.get(1)), T0).message());
    }

    @Test
    void dropsAnIncompleteSetAfterTheTimeout() {
        FragmentReassembler r = new FragmentReassembler(settings());
        offerAll(r, THREE.subList(0, 2));
        assertNull(r.offer(from(THREE.get(2)), T0.plus(settings().timeout()).plusSeconds(1)));
        assertEquals(1, r.statistics().dropped());
    }

    @Test
    void dropsASetWhoseMessageGrowsPastTheLimit() {
        FragmentationSettings small = new FragmentationSettings(FragmentationSettings.Mode.YES, 1280, 64, 30, Duration.ofSeconds(30), 64);
        FragmentReassembler r = new FragmentReassembler(small);
        r.offer(from(THREE.get(0)), T0);
        IsakmpException e = assertThrows(IsakmpException.class, () -> r.offer(from(THREE.get(1)), T0));
        assertEquals("PAYLOAD_MALFORMED: fragment 2 of ID 7: message grows past 30 bytes; its set is dropped", e.getMessage());
        assertEquals(0, r.pending());
        assertEquals(1, r.statistics().dropped());
    }

    @Test
    void refusesAFragmentNumberBeyondTheLimit() {
        FragmentationSettings two = new FragmentationSettings(FragmentationSettings.Mode.YES, 1280, 2, 65_000, Duration.ofSeconds(30), 64);
        FragmentReassembler r = new FragmentReassembler(two);
        assertThrows(IsakmpException.class, () -> offerAll(r, THREE));
        assertEquals(0, r.pending());
    }

    @Test
    void dropsTheSetWhenAFragmentNumberComesBackWithOtherBytes() {
        FragmentReassembler r = new FragmentReassembler(settings());
        r.offer(from(THREE.get(0)), T0);
        assertThrows(IsakmpException.class, () -> r.offer(from(fragmentHex(7, 1, false, "ff".repeat(20))), T0));
        assertEquals(0, r.pending());
    }

    @Test
    void dropsTheSetWhenAFragmentComesPastTheLast() {
        FragmentReassembler r = new FragmentReassembler(settings());
        r.offer(from(fragmentHex(7, 2, true, "aa")), T0);
        assertThrows(IsakmpException.class, () -> r.offer(from(fragmentHex(7, 3, false, "bb")), T0));
        assertEquals(0, r.pending());
    }

    @Test
    void dropsTheSetWhenTheLastFragmentIsBelowOneAlreadyReceived() {
        FragmentReassembler r = new FragmentReassembler(settings());
        r.offer(from(fragmentHex(7, 3, false, "aa")), T0);
        assertThrows(IsakmpException.class, () -> r.offer(from(fragmentHex(7, 2, true, "bb")), T0));
    }

    @Test
    void refusesAReassembledMessageWithOtherCookies() {
        FragmentReassembler r = new FragmentReassembler(settings());
        Bytes other = Bytes.concat(Bytes.fromHex("ffffffffffffffff"), ORIGINAL.slice(8, 52));
        IsakmpException e = assertThrows(IsakmpException.class,
                () -> r.offer(from(fragmentHex(9, 1, true, other.toHex())), T0));
        assertEquals("PAYLOAD_MALFORMED: found a reassembled message of 52 bytes, expected a message (not a fragment)"
                + " with the cookies of its fragments", e.getMessage());
    }

    @Test
    void refusesAFragmentWithUnknownFlags() {
        // fragment_payload.c: only bit 0 (LAST) is defined
        Bytes f = Bytes.fromHex(COOKIES + "84100200" + "00000000" + "00000025" + "00000009" + "00010102" + "aa");
        assertThrows(IsakmpException.class, () -> new FragmentReassembler(settings()).offer(from(f), T0));
    }

    @Test
    void refusesAFragmentMessageWhoseLengthFieldLies() {
        Bytes f = Bytes.fromHex(COOKIES + "84100200" + "00000000" + "00000099" + "00000009" + "00010101" + "aa");
        assertThrows(IsakmpException.class, () -> new FragmentReassembler(settings()).offer(from(f), T0));
    }

    @Test
    void theOldestIncompleteSetGivesWayAtThePendingLimit() {
        FragmentationSettings two = new FragmentationSettings(FragmentationSettings.Mode.YES, 1280, 64, 65_000, Duration.ofSeconds(30), 2);
        FragmentReassembler r = new FragmentReassembler(two);
        r.offer(from(fragmentHex(1, 1, false, "aa")), T0);
        r.offer(from(fragmentHex(2, 1, false, "aa")), T0);
        r.offer(from(fragmentHex(3, 1, false, "aa")), T0);
        assertEquals(2, r.pending());
        assertEquals(1, r.statistics().dropped());
        assertNull(r.offer(from(fragmentHex(1, 2, true, "bb")), T0), "set 1 was given up: its last fragment starts a new set");
    }

    @Test
    void splitAndReassembleRoundTripInAnyOrder() {
        Random random = new Random(42);
        for (int round = 0; round < 50; round++) {
            byte[] body = new byte[28 + random.nextInt(5000)];
            random.nextBytes(body);
            System.arraycopy(ORIGINAL.toArray(), 0, body, 0, 28);
            Bytes message = Bytes.of(body);
            List<Bytes> fragments = new ArrayList<>(IsakmpFragments.split(message, round, 100 + random.nextInt(600)));
            Collections.shuffle(fragments, random);
            assertEquals(message, offerAll(new FragmentReassembler(settings()), fragments), "round " + round);
        }
    }

    @Test
    void splitRefusesAMessageNeedingMoreThan255Fragments() {
        assertThrows(IllegalArgumentException.class, () -> IsakmpFragments.split(Bytes.of(new byte[256 * 10]), 1, 10));
    }

    @Test
    void fragmentDataFollowsStrongSwansArithmetic() {
        // message.c fragment(): fragment_size - IP (20/40) - UDP 8 - non-ESP marker 4 on 4500 - IKE header 28 - 8
        FragmentationSettings s = FragmentationSettings.DEFAULT.withFragmentSize(1280);
        assertEquals(1280 - 20 - 8 - 28 - 8, s.fragmentData(false, false));
        assertEquals(1280 - 40 - 8 - 4 - 28 - 8, s.fragmentData(true, true));
        assertEquals(1252, s.maxUnfragmented(false, false));
    }

    @Test
    void sendsFragmentsOnlyWhenTheModeAndPeerAllowAndTheMessageIsTooBig() {
        FragmentationSettings s = FragmentationSettings.DEFAULT.withFragmentSize(576);
        assertEquals(false, s.fragments(548, true, false, false), "548 = 576 - 28 fits");
        assertEquals(true, s.fragments(549, true, false, false));
        assertEquals(false, s.fragments(2000, false, false, false), "yes: only to a peer that announced it");
        assertEquals(true, s.withMode(FragmentationSettings.Mode.FORCE).fragments(2000, false, false, false));
        assertEquals(false, s.withMode(FragmentationSettings.Mode.ACCEPT).fragments(2000, true, false, false));
        assertNotNull(s.withMode(FragmentationSettings.Mode.NO));
    }
}
