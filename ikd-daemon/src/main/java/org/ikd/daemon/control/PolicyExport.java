package org.ikd.daemon.control;

import java.util.Map;

/**
 * {@code ikdctl policy export}: the policy in force as the files it came from: the policy file's
 * text as ikd parsed it (not as it may read now), and each dynamic rule as the one-rule policy
 * file {@code ikdctl policy add} made of it (a {@code policy.d/NAME.toml} drop-in), in order.
 * Paths only, never a key: the files hold none.
 */
public record PolicyExport(String file, String policy, Map<String, String> dynamicRules) {
    public PolicyExport {
        dynamicRules = dynamicRules == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dynamicRules));
    }
}
