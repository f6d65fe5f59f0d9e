package org.ikd.it.hostile.peer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.crypto.Secret;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.Doi;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.ProtocolId;
import org.ikd.core.isakmp.payload.DeletePayload;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.isakmp.payload.NoncePayload;
import org.ikd.core.isakmp.payload.NotificationPayload;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.core.oakley.Phase2Hash;
import org.ikd.it.lab.Netns;

/**
 * An IKEv1 peer that authenticates with a valid pre-shared key and then says what it likes: Quick
 * Modes for any traffic, Deletes and Notifies naming any SA, replays. It runs in the test JVM, its
 * socket in the attacker's namespace ({@link PeerSocket}); the target is a real ikd. Not thread-safe:
 * one test thread drives it. Every wait is bounded by {@code wait}.
 */
public final class ScriptedPeer implements AutoCloseable {
    private final PeerSocket socket;
    private final InetAddress me;
    private final Duration wait;
    private IsakmpSession session;

    private ScriptedPeer(PeerSocket socket, InetAddress me, Duration wait) {
        this.socket = socket;
        this.me = me;
        this.wait = wait;
    }

    public static ScriptedPeer open(Netns ns, String me, String target, Duration wait) throws Exception {
        InetAddress local = InetAddress.getByName(me);
        return new ScriptedPeer(PeerSocket.open(ns, local, InetAddress.getByName(target)), local, wait);
    }

    /** A new Main Mode with {@code psk} (RFC 2409 §5.4); later messages use this ISAKMP SA. */
    public IsakmpSession mainMode(Secret psk, boolean initialContact) {
        session = new MainModeScript(socket, wait).run(me, psk, initialContact);
        return session;
    }

    public IsakmpSession session() {
        if (session == null) throw new IllegalStateException("no Main Mode yet");
        return session;
    }

    /** Sends QM#1 and reads the answer; a QM#2 is completed with HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b). */
    public Answer quickMode(QuickModeOffer offer) {
        return send(offer.datagram(), offer.messageId(), offer.ni());
    }

    /**
     * Sends any datagram as a QM#1 of {@code messageId} (e.g. a tampered copy) and reads the answer:
     * its QM#2, or the first Informational with a notify (Deletes of SAs the tests removed are skipped).
     */
    public Answer send(Bytes datagram, int messageId, Bytes ni) {
        socket.send(datagram);
        return awaitReply(messageId, qm2 -> complete(qm2, messageId, ni));
    }

    /**
     * The target's reply in the Quick Mode {@code messageId} ({@code onQuickMode} reads it; null
     * skips it) or its first Informational with a notify, within {@code wait}. Informationals with
     * Deletes only (of SAs the tests removed) and messages that do not decrypt under the chain's IV
     * (retransmissions of a message already read) are skipped.
     */
    private Answer awaitReply(int messageId, Function<IsakmpMessage, Answer> onQuickMode) {
        IsakmpSession s = session();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(deadline - System.nanoTime());
            Optional<Bytes> reply = left.isNegative() ? Optional.empty()
                    : socket.receive(d -> s.owns(d) && isAnswer(IsakmpSession.header(d), messageId), left);
            if (reply.isEmpty()) return new Answer(Answer.Kind.NONE, List.of(), "");
            IsakmpHeader h = IsakmpSession.header(reply.get());
            IsakmpMessage m;
            try {
                m = s.open(reply.get());
            } catch (RuntimeException e) {
                continue;
            }
            if (h.exchangeType().equals(ExchangeType.QUICK_MODE)) {
                Answer a = onQuickMode.apply(m);
                if (a != null) return a;
                continue;
            }
            s.protection().forget(h.messageId());
            List<NotifyType> types = m.all(NotificationPayload.class).stream().map(NotificationPayload::notifyType).toList();
            if (!types.isEmpty()) return new Answer(Answer.Kind.INFORMATIONAL, types, "");
        }
    }

    /** QM#2 read: HASH(2) checked (reported, not thrown), HASH(3) sent. */
    private Answer complete(IsakmpMessage m, int messageId, Bytes ni) {
        IsakmpSession s = session();
        Bytes nr = MainModeScript.one(m, NoncePayload.class).nonce();
        Bytes hash2 = s.protection().phase2Hash().hash2(messageId, ni, m.encodePayloads(1));
        boolean hashOk = Phase2Hash.verify(hash2, MainModeScript.one(m, HashPayload.class).hash());
        Bytes hash3 = s.protection().phase2Hash().hash3(messageId, ni, nr);
        socket.send(s.seal(ExchangeType.QUICK_MODE, messageId, List.of(new HashPayload(hash3))));
        s.protection().forget(messageId);
        return new Answer(Answer.Kind.QUICK_MODE_2, List.of(), hashOk ? "HASH(2) good" : "HASH(2) BAD");
    }

    /** The target's next QM#1 on this ISAKMP SA (it initiates, e.g. for traffic to us), decrypted; empty if none came. */
    public Optional<TargetQuickMode> awaitQuickMode() {
        IsakmpSession s = session();
        Optional<Bytes> qm1 = socket.receive(d -> s.owns(d) && IsakmpSession.header(d).exchangeType().equals(ExchangeType.QUICK_MODE), wait);
        return qm1.map(d -> TargetQuickMode.of(IsakmpSession.header(d).messageId(), s.open(d)));
    }

    /**
     * Answers {@code qm} with {@code HDR*, HASH(2), SA, Nr, IDci, IDcr} of the test's choosing,
     * HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr | IDci | IDcr) (RFC 2409 §5.5), then reads the
     * target's QM#3 (it accepted) or a notify; Deletes and undecryptable retransmissions are skipped.
     */
    public Answer answer(TargetQuickMode qm, SecurityAssociationPayload sa, IdentificationPayload idci, IdentificationPayload idcr) {
        IsakmpSession s = session();
        List<Payload> tail = List.of(sa, new NoncePayload(IsakmpSession.random(32)), idci, idcr);
        Bytes hash2 = s.protection().phase2Hash().hash2(qm.messageId(), qm.ni(), IsakmpSession.chain(tail));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(hash2)));
        payloads.addAll(tail);
        socket.send(s.seal(ExchangeType.QUICK_MODE, qm.messageId(), payloads));
        return awaitReply(qm.messageId(), qm3 -> qm3.first(SecurityAssociationPayload.class).isPresent() ? null
                : new Answer(Answer.Kind.QUICK_MODE_3, List.of(), ""));
    }

    private static boolean isAnswer(IsakmpHeader h, int messageId) {
        return h.isEncrypted() && (h.exchangeType().equals(ExchangeType.INFORMATIONAL)
                || h.exchangeType().equals(ExchangeType.QUICK_MODE) && h.messageId() == messageId);
    }

    /** RFC 2408 §3.15: an ESP Delete naming {@code spis} (4 bytes each), in an Informational of its own. */
    public void deleteEsp(List<Bytes> spis) {
        inform(new DeletePayload(Doi.IPSEC, ProtocolId.ESP, 4, spis));
    }

    /** RFC 2408 §3.15: an ISAKMP Delete naming the SA of {@code cookies} (CKY-I | CKY-R, 16 bytes). */
    public void deleteIsakmp(Bytes cookies) {
        inform(new DeletePayload(Doi.IPSEC, ProtocolId.ISAKMP, 16, List.of(cookies)));
    }

    /** RFC 2409 §5.7: HDR*, HASH(1), N/D with HASH(1) = prf(SKEYID_a, M-ID | N/D), under a fresh M-ID. */
    public void inform(Payload notifyOrDelete) {
        IsakmpSession s = session();
        int messageId = IsakmpSession.freshMessageId();
        List<Payload> tail = List.of(notifyOrDelete);
        Bytes hash = s.protection().phase2Hash().informational(messageId, IsakmpSession.chain(tail));
        List<Payload> payloads = new ArrayList<>(List.of(new HashPayload(hash)));
        payloads.addAll(tail);
        socket.send(s.seal(ExchangeType.INFORMATIONAL, messageId, payloads));
        s.protection().forget(messageId);
    }

    /** Every datagram the target sent this peer, oldest first. */
    public List<Bytes> received() {
        return socket.received();
    }

    @Override
    public void close() {
        socket.close();
    }
}
