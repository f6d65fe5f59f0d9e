package org.ikd.daemon.log;

import org.ikd.core.crypto.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Oakley log (logger {@code OAKLEY}, /var/log/ikd/oakley.log via conf/logback.xml): one line
 * per message or outcome, {@code PEER EXCHANGE TEXT}, e.g.
 * {@code 198.18.0.2 MM#3 recv HDR*, IDii, HASH_I -> peer authenticated (psk, id 198.18.0.2)}.
 * Redaction rule: key material reaches a line only through {@link #secret}, which shows it only
 * when the daemon runs with {@code --debug-secrets} (announced by a WARN at start, here and in
 * the journal). Text from the network cannot break a line: control characters are replaced.
 */
public final class OakleyLog {
    public static final String LOGGER = "OAKLEY";
    /** The key-value pairs each line carries (for the event stream, see {@link EventStream}). */
    static final String PEER = "peer";
    static final String EXCHANGE = "exchange";
    static final String SECRETS_WARNING = "--debug-secrets is on: the Oakley log will contain IKE and IPsec keys."
            + " Anyone who reads it can decrypt this host's traffic. Turn it off and delete the log after debugging.";

    private final Logger oakley;
    private final boolean debugSecrets;

    public OakleyLog(Logger oakley, Logger journal, boolean debugSecrets) {
        this.oakley = oakley;
        this.debugSecrets = debugSecrets;
        if (debugSecrets) {
            oakley.warn(SECRETS_WARNING);
            journal.warn(SECRETS_WARNING);
        }
    }

    public static OakleyLog open(boolean debugSecrets) {
        return new OakleyLog(LoggerFactory.getLogger(LOGGER), LoggerFactory.getLogger(OakleyLog.class), debugSecrets);
    }

    public boolean showsSecrets() {
        return debugSecrets;
    }

    /** An ordinary step: a message sent or received, a decision. */
    public void line(String peer, String exchange, String text) {
        if (oakley.isInfoEnabled())
            oakley.atInfo().addKeyValue(PEER, clean(peer)).addKeyValue(EXCHANGE, clean(exchange)).log(format(peer, exchange, text));
    }

    /** A failure; {@code text} names the failing point and the mismatch. */
    public void failure(String peer, String exchange, String text) {
        oakley.atWarn().addKeyValue(PEER, clean(peer)).addKeyValue(EXCHANGE, clean(exchange)).log(format(peer, exchange, text));
    }

    /** {@code LABEL=<hidden, N bytes>}, or {@code LABEL=hex} under --debug-secrets. */
    public String secret(String label, Secret value) {
        if (value == null) return label + "=<none>";
        return debugSecrets ? label + "=" + value.revealHex() : label + "=<hidden, " + value.length() + " bytes>";
    }

    static String format(String peer, String exchange, String text) {
        return clean(peer) + " " + clean(exchange) + " " + clean(text);
    }

    private static String clean(String s) {
        if (s == null || s.isEmpty()) return "-";
        int i = 0;
        while (i < s.length() && s.charAt(i) >= 0x20 && s.charAt(i) != 0x7f) i++;
        if (i == s.length()) return s;                                 // the usual case: nothing to replace, no copy
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return b.toString();
    }
}
