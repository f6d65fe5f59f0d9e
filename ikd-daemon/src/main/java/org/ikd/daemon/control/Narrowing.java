package org.ikd.daemon.control;

import org.ikd.core.policy.AddressText;
import org.ikd.core.policy.Subnet;

/**
 * What {@code --rule NAME} and {@code --peer ADDR} narrow a command to. The peer is written in
 * RFC 5952 form before it is compared, so {@code 2001:2:0:0::2} finds the SAs that show
 * {@code 2001:2::2}; a name is never looked up (no DNS).
 */
public record Narrowing(String rule, String peer) {
    public static final Narrowing NONE = new Narrowing(null, null);

    /** The request's rule and peer; refuses a peer that is not one address. */
    public static Narrowing of(ControlRequest r) throws ControlException {
        return new Narrowing(r.rule(), r.peer() == null ? null : canonical(r.peer()));
    }

    static String canonical(String peer) throws ControlException {
        try {
            Subnet s = Subnet.parse(peer);
            if (!s.isHost()) throw new IllegalArgumentException("a prefix");
            return AddressText.of(s.network());
        } catch (IllegalArgumentException e) {
            throw new ControlException(ErrorCode.INVALID, "--peer takes one IP address, e.g. 198.18.0.2 or 2001:2::2, not '" + peer + "'");
        }
    }

    public boolean any() {
        return rule != null || peer != null;
    }

    /** An SA of {@code saRule} with {@code saPeer} (RFC 5952 text) is in. */
    public boolean admits(String saRule, String saPeer) {
        return (rule == null || rule.equals(saRule)) && (peer == null || peer.equals(saPeer));
    }

    public MainModeSas mainModes(MainModeSas all) {
        return any() ? new MainModeSas(all.sas().stream().filter(s -> admits(s.rule(), s.peer())).toList()) : all;
    }

    public QuickModeSas quickModes(QuickModeSas all) {
        return any() ? new QuickModeSas(all.sas().stream().filter(s -> admits(s.rule(), s.peer())).toList()) : all;
    }

    public ShowAll all(ShowAll a) {
        return any() ? new ShowAll(a.policy(), a.filters(), mainModes(a.mainMode()), quickModes(a.quickMode()), a.statistics()) : a;
    }
}
