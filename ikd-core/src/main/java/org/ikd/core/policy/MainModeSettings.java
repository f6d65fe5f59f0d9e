package org.ikd.core.policy;

import java.util.List;

/**
 * Windows "key exchange settings": Main Mode methods in order of preference, the ISAKMP SA
 * lifetime (default 480 minutes), master-key PFS (a new Main Mode for every Quick Mode) and
 * the number of Quick Modes one Main Mode may key (0 = no limit).
 */
public record MainModeSettings(List<MainModeMethod> methods, long lifetimeSeconds, boolean masterKeyPfs, int quickModeLimit) {
    public static final long DEFAULT_LIFETIME_SECONDS = 480 * 60;

    public MainModeSettings {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) throw new IllegalArgumentException("no Main Mode method");
        if (lifetimeSeconds <= 0) throw new IllegalArgumentException("Main Mode lifetime must be positive");
        if (quickModeLimit < 0) throw new IllegalArgumentException("negative Quick Mode limit");
    }
}
