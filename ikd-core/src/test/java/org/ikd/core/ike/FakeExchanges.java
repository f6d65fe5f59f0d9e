package org.ikd.core.ike;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.IsakmpException;

/**
 * A toy protocol on real ISAKMP headers (RFC 2408 §3.1) so the engine's mechanics can be tested
 * without the codec: phase 1 is four messages whose bodies are the texts MM1..MM4, phase 2 three
 * (QM1..QM3). A responder refuses "REFUSE" with a Notify, throws an {@code IsakmpException} on an
 * unexpected body and an NPE (a bug) on "BOOM".
 */
public final class FakeExchanges implements ExchangeFactory {
    public static final int IDENTITY_PROTECTION = 2;     // RFC 2408 §4.1 exchange types
    public static final int INFORMATIONAL = 5;
    public static final int QUICK_MODE = 32;             // RFC 2409 §5.5

    /** Every call of an exchange's receive(), to prove duplicates never reach one. */
    public final List<String> received = new ArrayList<>();
    final List<Integer> deleteMessageIds = new ArrayList<>();
    /** The body of MM3, as the initiator sends it and the responder expects it (long ones test fragmentation). */
    public String mm3 = "MM3";
    /** The ISAKMP SA lifetime both fake Main Mode roles establish with. */
    public Duration lifetime = Duration.ofHours(8);
    /** The Quick Mode limit both fake Main Mode roles set (what the Main Mode settings say; 0: none). */
    public int quickModeLimit;
    /** Each phase-1 initiator made, and whether its SA was to send INITIAL-CONTACT. */
    public final List<Boolean> initialContacts = new ArrayList<>();

    /** RFC 2408 §3.1 fixed header then {@code body}, written by hand (independent of the engine). */
    public static Bytes message(CookiePair c, int exchangeType, int messageId, String body) {
        byte[] text = body.getBytes(StandardCharsets.US_ASCII);
        int length = 28 + text.length;
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(length);
        b.putLong(c.initiator()).putLong(c.responder());
        b.put((byte) 0).put((byte) 0x10).put((byte) exchangeType).put((byte) 0).putInt(messageId).putInt(length);
        b.put(text);
        return Bytes.of(b.array());
    }

    static String body(InboundMessage m) {
        return new String(m.bytes().slice(28, m.bytes().length()).toArray(), StandardCharsets.US_ASCII);
    }

    private String expect(InboundMessage m, String... allowed) {
        String body = body(m);
        received.add(body);
        for (String a : allowed) if (a.equals(body)) return body;
        if (body.equals("BOOM")) throw new NullPointerException("boom");
        throw new IsakmpException(NotifyType.PAYLOAD_MALFORMED, "found '" + body + "', expected " + String.join(" or ", allowed));
    }

    @Override
    public Exchange respondPhaseOne(IsakmpSa sa, InboundMessage first) {
        if (first.exchangeType() != IDENTITY_PROTECTION) throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE, "not Main Mode");
        return new Exchange() {
            @Override
            public Reaction receive(InboundMessage m, Instant now) {
                if (body(m).equals("REFUSE")) {
                    received.add("REFUSE");
                    throw NegotiationFailure.refused(IkeEvent.Phase.MAIN_MODE, "peer offered des-md5-modp768; we accept aes128-sha1-modp2048",
                            message(sa.cookies(), INFORMATIONAL, 0x11111111, "NO-PROPOSAL-CHOSEN"));
                }
                if (expect(m, "MM1", mm3).equals("MM1")) return Reaction.request(message(sa.cookies(), IDENTITY_PROTECTION, 0, "MM2"));
                sa.budget().limit(quickModeLimit);
                return Reaction.lastReply(message(sa.cookies(), IDENTITY_PROTECTION, 0, "MM4"),
                        new IkeEvent.PhaseOneEstablished(sa.cookies(), sa.local(), sa.remote(), sa.role(), "peer", "fake"))
                        .establishing(now.plus(lifetime));
            }

            @Override
            public IkeEvent.Phase phase() { return IkeEvent.Phase.MAIN_MODE; }

            @Override
            public String name() { return "MM"; }
        };
    }

    @Override
    public Exchange initiatePhaseOne(IsakmpSa sa, AcquireRequest acquire) {
        initialContacts.add(sa.sendsInitialContact());
        return new Exchange() {
            @Override
            public Reaction start(Instant now) {
                return Reaction.request(message(sa.cookies(), IDENTITY_PROTECTION, 0, "MM1"));
            }

            @Override
            public Reaction receive(InboundMessage m, Instant now) {
                if (expect(m, "MM2", "MM4").equals("MM2")) return Reaction.request(message(m.cookies(), IDENTITY_PROTECTION, 0, mm3));
                sa.budget().limit(quickModeLimit);
                return Reaction.done(new IkeEvent.PhaseOneEstablished(sa.cookies(), sa.local(), sa.remote(), sa.role(), "peer", "fake"))
                        .establishing(now.plus(lifetime));
            }

            @Override
            public IkeEvent.Phase phase() { return IkeEvent.Phase.MAIN_MODE; }

            @Override
            public String name() { return "MM"; }
        };
    }

    @Override
    public Exchange initiatePhaseTwo(IsakmpSa sa, int messageId, AcquireRequest acquire) {
        return new Exchange() {
            @Override
            public Reaction start(Instant now) {
                return Reaction.request(message(sa.cookies(), QUICK_MODE, messageId, "QM1"));
            }

            @Override
            public Reaction receive(InboundMessage m, Instant now) {
                expect(m, "QM2");
                return Reaction.lastReply(message(sa.cookies(), QUICK_MODE, messageId, "QM3"),
                        new IkeEvent.Progress(sa.cookies(), sa.remote(), "QM established " + acquire.ruleName()));
            }

            @Override
            public IkeEvent.Phase phase() { return IkeEvent.Phase.QUICK_MODE; }

            @Override
            public String name() { return "QM"; }
        };
    }

    @Override
    public Exchange respond(IsakmpSa sa, InboundMessage first) {
        if (first.exchangeType() == INFORMATIONAL) return informational();
        if (first.exchangeType() != QUICK_MODE || sa.state() != IsakmpSa.State.ESTABLISHED)
            throw new IsakmpException(NotifyType.INVALID_EXCHANGE_TYPE, "exchange " + first.exchangeType() + " on " + sa.state() + " SA");
        int id = first.messageId();
        return new Exchange() {
            @Override
            public Reaction receive(InboundMessage m, Instant now) {
                if (expect(m, "QM1", "QM3").equals("QM1")) return Reaction.request(message(sa.cookies(), QUICK_MODE, id, "QM2"));
                return Reaction.done(new IkeEvent.Progress(sa.cookies(), sa.remote(), "QM established"));
            }

            @Override
            public IkeEvent.Phase phase() { return IkeEvent.Phase.QUICK_MODE; }

            @Override
            public String name() { return "QM"; }
        };
    }

    private Exchange informational() {
        return new Exchange() {
            @Override
            public Reaction receive(InboundMessage m, Instant now) {
                String body = expect(m, "DELETE", "NO-PROPOSAL-CHOSEN");
                return Reaction.done(new IkeEvent.Progress(m.cookies(), m.datagram().remote(), "INFO " + body));
            }

            @Override
            public IkeEvent.Phase phase() { return IkeEvent.Phase.INFORMATIONAL; }

            @Override
            public String name() { return "INFO"; }
        };
    }

    @Override
    public List<Bytes> deleteAll(IsakmpSa sa, int messageId, List<org.ikd.core.sa.IpsecSaPair> pairs) {
        deleteMessageIds.add(messageId);
        return List.of(message(sa.cookies(), INFORMATIONAL, messageId, "DELETE"));
    }
}
