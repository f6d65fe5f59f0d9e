package org.ikd.core.ike;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ikd.core.crypto.Secret;

/**
 * XAUTH passwords an admin typed ({@code ikdctl xauth-login RULE}) for road-warrior rules whose
 * {@code xauth-login} names no password file, by rule name. Kept in memory only, until ikd stops or the
 * admin types another; never logged ({@link Secret}). Written by the control thread, read on the IKE
 * event loop.
 */
public final class XauthPasswords {
    private final Map<String, Secret> byRule = new ConcurrentHashMap<>();

    /** Keeps {@code password} for {@code rule}, destroying the one it replaces. */
    public void put(String rule, Secret password) {
        Secret old = byRule.put(rule, password);
        if (old != null && old != password) old.destroy();
    }

    public Optional<Secret> get(String rule) {
        return Optional.ofNullable(byRule.get(rule)).filter(s -> !s.isDestroyed());
    }
}
