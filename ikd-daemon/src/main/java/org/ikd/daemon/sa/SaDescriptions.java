package org.ikd.daemon.sa;

import java.util.ArrayList;
import java.util.List;
import org.ikd.core.policy.Selector;
import org.ikd.core.sa.IpsecSaBundle;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;

/** The words {@code ikdctl show qm}, the Oakley log and the audit events use for an SA pair; never a key. */
public final class SaDescriptions {
    private SaDescriptions() {}

    /** Outermost first: {@code esp:aes128gcm16}, {@code ah:sha1+esp:aes128-sha1}. */
    public static String transform(IpsecSaBundle bundle) {
        List<String> parts = new ArrayList<>();
        for (int i = bundle.sas().size() - 1; i >= 0; i--) {
            IpsecSaSpec s = bundle.sas().get(i);
            StringBuilder b = new StringBuilder(s.protocol().keyword()).append(':');
            if (s.cipher() != null) b.append(s.cipher().keyword(s.cipherKeyBits()));
            if (s.cipher() != null && s.integrity() != null) b.append('-');
            if (s.integrity() != null) b.append(s.integrity().keyword());
            parts.add(b.toString());
        }
        return String.join("+", parts);
    }

    /** {@code transport} or {@code tunnel}. */
    public static String mode(IpsecSaBundle bundle) {
        return bundle.outermost().mode() == Mode.TUNNEL ? "tunnel" : "transport";
    }

    /** Windows' encapsulation names: {@code transport}, {@code tunnel}, {@code udp-transport}, {@code udp-tunnel}. */
    static String encapsulation(IpsecSaBundle bundle) {
        return (udp(bundle) ? "udp-" : "") + mode(bundle);
    }

    public static boolean udp(IpsecSaBundle bundle) {
        return bundle.outermost().natTraversal() != null;
    }

    /** The outbound selector: {@code 198.18.0.1 -> 198.19.2.0/24}. */
    public static String filter(Selector s) {
        return s.toString();
    }
}
