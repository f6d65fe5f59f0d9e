package org.ikd.it.dpd;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ikd.it.lab.IkdNode;

/** When a line of an Oakley log ({@code yyyy-MM-dd HH:mm:ss.SSS LEVEL PEER EXCHANGE text}) was written. */
final class OakleyTimes {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern LINE = Pattern.compile("(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*$");

    private OakleyTimes() {}

    /** The time of the first line after {@code after} that contains {@code text}. */
    static Optional<LocalDateTime> first(String log, String text, LocalDateTime after) {
        Matcher m = LINE.matcher(log);
        while (m.find()) {
            LocalDateTime at = LocalDateTime.parse(m.group(1), STAMP);
            if (m.group().contains(text) && at.isAfter(after)) return Optional.of(at);
        }
        return Optional.empty();
    }

    /** Polls {@code log} every 100 ms, at most {@code limit}, for {@link #first}. */
    static Optional<LocalDateTime> await(Supplier<String> log, String text, LocalDateTime after, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<LocalDateTime> at = first(log.get(), text, after);
            if (at.isPresent()) return at;
            IkdNode.sleep(100);
        }
        return first(log.get(), text, after);
    }

    static double seconds(LocalDateTime from, LocalDateTime to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
