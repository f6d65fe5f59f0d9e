package org.ikd.it.rekey;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ping gaps set against the Oakley log: each rekey is the installation of a Quick Mode pair
 * after the first ("Phase 2 SA pair N ... installed", N &gt; 1); a gap within {@link #WINDOW_SECONDS}
 * of one counts against it, any other gap is background loss (a loaded machine).
 */
record RekeyLoss(List<Double> rekeyTimes, int[] perRekey, int background) {
    static final double WINDOW_SECONDS = 1.0;
    static final double BEFORE_SECONDS = 0.1;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final Pattern INSTALLED = Pattern.compile(
            "(?m)^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) .*Phase 2 SA pair (\\d+) .*-> installed");

    /** {@code from}/{@code to}: when the pings started and ended, epoch seconds. */
    static RekeyLoss of(PingRun ping, String oakleyLog, double from, double to) {
        List<Double> times = new ArrayList<>();
        Matcher m = INSTALLED.matcher(oakleyLog);
        while (m.find()) {
            double at = LocalDateTime.parse(m.group(1), STAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() / 1000.0;
            if (Integer.parseInt(m.group(2)) > 1 && at >= from && at <= to) times.add(at);
        }
        int[] per = new int[times.size()];
        int background = 0;
        for (PingRun.Gap g : ping.gaps()) {
            int nearest = nearest(times, g.afterEpochSeconds());
            if (nearest >= 0) per[nearest] += g.lost();
            else background += g.lost();
        }
        return new RekeyLoss(times, per, background);
    }

    /**
     * The rekey a gap belongs to: from {@link #BEFORE_SECONDS} before its pair was installed (the
     * clocks of ping and the Oakley log differ a little) to {@link #WINDOW_SECONDS} after. A gap
     * earlier than that precedes the new pair: the old one still carried traffic, so it is background.
     */
    private static int nearest(List<Double> times, double at) {
        int best = -1;
        for (int i = 0; i < times.size(); i++) {
            double d = at - times.get(i);
            if (d >= -BEFORE_SECONDS && d <= WINDOW_SECONDS && (best < 0 || Math.abs(d) < Math.abs(at - times.get(best))))
                best = i;
        }
        return best;
    }

    int worst() {
        int w = 0;
        for (int p : perRekey) w = Math.max(w, p);
        return w;
    }

    int total() {
        int t = 0;
        for (int p : perRekey) t += p;
        return t;
    }
}
