package org.ikd.core.isakmp;

import static org.ikd.core.isakmp.ExchangeStep.*;
import static org.ikd.core.isakmp.doi.PayloadType.*;

import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.doi.PayloadType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.ikd.core.isakmp.payload.Payload;
import org.ikd.core.isakmp.payload.UnknownPayload;

/**
 * Which payloads each message may carry (RFC 2409 §5, RFC 3947 §3-5, RFC 3706), and how often.
 * Order is free (peers differ) except that HASH must come first in Quick Mode and Informational
 * (RFC 2409 §5.5, §5.7). Unknown payload types are skipped; N and VID are allowed through Main
 * Mode as strongSwan allows them. Main and Aggressive Mode use message ID 0 (RFC 2408 §3.1); Quick Mode and
 * protected Informational messages a non-zero one (RFC 2409 §5.5, §5.7).
 */
public final class MessageRules {
    private static final ExchangeType MM = ExchangeType.MAIN_MODE;
    private static final ExchangeType AM = ExchangeType.AGGRESSIVE;
    private static final ExchangeType QM = ExchangeType.QUICK_MODE;
    private static final ExchangeType INFO = ExchangeType.INFORMATIONAL;
    private static final ExchangeType CFG = ExchangeType.TRANSACTION;
    private static final boolean PLAIN = false;
    private static final boolean ENCRYPTED = true;

    private static final Map<ExchangeStep, Shape> TABLE = table(
        //  step                       exch  E flag     payloads: one, first (one, leading), opt (0..1), any (0..n),
        //                                              some (1..n), pair (0 or 2), upTo2, someOf (1..n of these)
        row(MAIN_MODE_1,               MM,   PLAIN,     one(SA), any(VID), any(N)),
        row(MAIN_MODE_2,               MM,   PLAIN,     one(SA), any(VID), any(N)),
        row(MAIN_MODE_3,               MM,   PLAIN,     one(KE), one(NONCE), any(NAT_D), any(NAT_D_DRAFT), any(CR),
                                                        any(VID), any(N)),
        row(MAIN_MODE_4,               MM,   PLAIN,     one(KE), one(NONCE), any(NAT_D), any(NAT_D_DRAFT), any(CR),
                                                        any(VID), any(N)),
        row(MAIN_MODE_3_GSS,           MM,   PLAIN,     one(KE), one(NONCE), one(GSS), any(NAT_D), any(NAT_D_DRAFT),
                                                        any(VID), any(N)),
        row(MAIN_MODE_4_GSS,           MM,   PLAIN,     one(KE), one(NONCE), one(GSS), any(NAT_D), any(NAT_D_DRAFT),
                                                        any(VID), any(N)),
        row(MAIN_MODE_5_PSK,           MM,   ENCRYPTED, one(ID), one(HASH), any(N), any(VID)),
        row(MAIN_MODE_6_PSK,           MM,   ENCRYPTED, one(ID), one(HASH), any(N), any(VID)),
        row(MAIN_MODE_5_SIGNATURE,     MM,   ENCRYPTED, one(ID), any(CERT), any(CR), one(SIG), any(N), any(VID)),
        row(MAIN_MODE_6_SIGNATURE,     MM,   ENCRYPTED, one(ID), any(CERT), one(SIG), any(N), any(VID)),
        row(AGGRESSIVE_1,              AM,   PLAIN,     one(SA), one(KE), one(NONCE), one(ID), any(VID), any(N)),
        row(AGGRESSIVE_2_PSK,          AM,   PLAIN,     one(SA), one(KE), one(NONCE), one(ID), one(HASH), any(NAT_D),
                                                        any(NAT_D_DRAFT), any(VID), any(N)),
        row(AGGRESSIVE_3_PSK,          AM,   ENCRYPTED, one(HASH), any(NAT_D), any(NAT_D_DRAFT), any(N), any(VID)),
        row(AGGRESSIVE_3_PSK_CLEAR,    AM,   PLAIN,     one(HASH), any(NAT_D), any(NAT_D_DRAFT), any(N), any(VID)),
        row(QUICK_MODE_1,              QM,   ENCRYPTED, first(HASH), one(SA), one(NONCE), opt(KE), pair(ID),
                                                        upTo2(NAT_OA), upTo2(NAT_OA_DRAFT), any(N)),
        row(QUICK_MODE_2,              QM,   ENCRYPTED, first(HASH), one(SA), one(NONCE), opt(KE), pair(ID),
                                                        upTo2(NAT_OA), upTo2(NAT_OA_DRAFT), any(N)),
        row(QUICK_MODE_3,              QM,   ENCRYPTED, first(HASH)),
        row(TRANSACTION,               CFG,  ENCRYPTED, first(HASH), one(ATTRIBUTE), any(N), any(VID)),
        row(INFORMATIONAL,             INFO, ENCRYPTED, first(HASH), any(N), any(D), someOf(N, D)),
        row(INFORMATIONAL_UNPROTECTED, INFO, PLAIN,     some(N)));

    private MessageRules() {
    }

    /** Throws a {@link MalformedMessageException} naming the first payload that is missing, extra or misplaced. */
    public static void check(ExchangeStep step, IsakmpMessage message) {
        Shape shape = TABLE.get(step);
        IsakmpHeader header = message.header();
        if (!header.exchangeType().equals(shape.exchange))
            throw fail(NotifyType.INVALID_EXCHANGE_TYPE, step, "found exchange " + header.exchangeType()
                    + ", expected " + shape.exchange);
        if (header.isEncrypted() != shape.encrypted)
            throw fail(NotifyType.INVALID_FLAGS, step, "found the E flag " + (header.isEncrypted() ? "set" : "clear")
                    + ", expected it " + (shape.encrypted ? "set" : "clear"));
        checkMessageId(step, shape, header);
        for (Payload p : message.payloads())
            if (!(p instanceof UnknownPayload) && !shape.allowed().contains(p.type()))
                throw fail(NotifyType.INVALID_PAYLOAD_TYPE, step, "found " + p.type() + ", expected only "
                        + shape.allowed());
        for (Rule rule : shape.rules) rule.check(step, message.payloads());
    }

    private static void checkMessageId(ExchangeStep step, Shape shape, IsakmpHeader header) {
        boolean phaseOne = shape.exchange.equals(MM) || shape.exchange.equals(AM);
        if (phaseOne && header.messageId() != 0)
            throw fail(NotifyType.INVALID_MESSAGE_ID, step, "found message ID " + header.messageIdHex()
                    + ", expected 0");
        if (!phaseOne && shape.encrypted && header.messageId() == 0)
            throw fail(NotifyType.INVALID_MESSAGE_ID, step, "found message ID 0, expected a non-zero one");
    }

    private static MalformedMessageException fail(NotifyType type, ExchangeStep step, String detail) {
        return new MalformedMessageException(type, step + ": " + detail);
    }

    private record Shape(ExchangeType exchange, boolean encrypted, List<Rule> rules) {
        Set<PayloadType> allowed() {
            return rules.stream().flatMap(r -> r.types.stream()).collect(Collectors.toCollection(
                    () -> new TreeSet<>(Comparator.comparingInt(PayloadType::value))));
        }
    }

    /** How many payloads of {@code types} a message may carry; {@code first}: the one must lead. */
    private record Rule(List<PayloadType> types, int min, int max, boolean pairs, boolean first) {
        void check(ExchangeStep step, List<Payload> payloads) {
            long count = payloads.stream().filter(p -> types.contains(p.type())).count();
            if (count < min || count > max || (pairs && count % 2 != 0))
                throw fail(NotifyType.PAYLOAD_MALFORMED, step, "found " + count + " " + names() + ", expected "
                        + expectation());
            if (first && !types.contains(payloads.get(0).type()))
                throw fail(NotifyType.PAYLOAD_MALFORMED, step, "found " + payloads.get(0).type() + " first, expected "
                        + names() + " right after the header");
        }

        private String names() {
            return types.stream().map(PayloadType::name).collect(Collectors.joining(" or "));
        }

        private String expectation() {
            if (pairs) return "0 or 2";
            if (min == max) return "exactly " + min;
            return max == Integer.MAX_VALUE ? "at least " + min : min + ".." + max;
        }
    }

    private static Rule one(PayloadType t) {
        return new Rule(List.of(t), 1, 1, false, false);
    }

    private static Rule first(PayloadType t) {
        return new Rule(List.of(t), 1, 1, false, true);
    }

    private static Rule opt(PayloadType t) {
        return new Rule(List.of(t), 0, 1, false, false);
    }

    private static Rule any(PayloadType t) {
        return new Rule(List.of(t), 0, Integer.MAX_VALUE, false, false);
    }

    private static Rule some(PayloadType t) {
        return new Rule(List.of(t), 1, Integer.MAX_VALUE, false, false);
    }

    private static Rule someOf(PayloadType... ts) {
        return new Rule(List.of(ts), 1, Integer.MAX_VALUE, false, false);
    }

    private static Rule pair(PayloadType t) {
        return new Rule(List.of(t), 0, 2, true, false);
    }

    private static Rule upTo2(PayloadType t) {
        return new Rule(List.of(t), 0, 2, false, false);
    }

    private static Map.Entry<ExchangeStep, Shape> row(ExchangeStep step, ExchangeType exchange, boolean encrypted,
            Rule... rules) {
        return Map.entry(step, new Shape(exchange, encrypted, List.of(rules)));
    }

    @SafeVarargs
    private static Map<ExchangeStep, Shape> table(Map.Entry<ExchangeStep, Shape>... rows) {
        Map<ExchangeStep, Shape> t = new EnumMap<>(ExchangeStep.class);
        for (Map.Entry<ExchangeStep, Shape> r : rows) t.put(r.getKey(), r.getValue());
        if (t.size() != ExchangeStep.values().length) throw new IllegalStateException("a step has no row");
        return Collections.unmodifiableMap(t);
    }
}
