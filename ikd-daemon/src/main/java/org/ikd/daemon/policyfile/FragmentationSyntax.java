package org.ikd.daemon.policyfile;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ikd.core.ike.FragmentationSettings;

/**
 * The policy-wide IKE fragmentation keys (docs/fragmentation.md), in strongSwan's words:
 * {@code ike-fragmentation = "yes" | "accept" | "force" | "no"} (charon's {@code fragmentation})
 * and {@code ike-fragment-size} (charon's {@code fragment_size}: the IP packet size, default 1280).
 */
final class FragmentationSyntax {
    static final String MODE_KEY = "ike-fragmentation";
    static final String SIZE_KEY = "ike-fragment-size";
    /** RFC 791 §3.1: every IPv4 host takes 576-byte datagrams; UDP caps the size at 65535. */
    static final int MIN_SIZE = 576, MAX_SIZE = 65_535;

    private FragmentationSyntax() {}

    static FragmentationSettings parse(TomlSection root, Diagnostics log) {
        FragmentationSettings f = FragmentationSettings.DEFAULT;
        Optional<TomlSection.Item> mode = root.string(MODE_KEY);
        if (mode.isPresent()) f = f.withMode(mode(mode.get(), log));
        int size = (int) root.integer(SIZE_KEY, f.fragmentSize(), MIN_SIZE, MAX_SIZE);
        if (root.has(SIZE_KEY) && f.mode() == FragmentationSettings.Mode.NO)
            log.warn(root.at(SIZE_KEY), SIZE_KEY + " has no effect with " + MODE_KEY + " = \"no\": ikd sends no fragments");
        return size == f.fragmentSize() ? f : f.withFragmentSize(size);
    }

    private static FragmentationSettings.Mode mode(TomlSection.Item item, Diagnostics log) {
        String v = item.value().trim().toLowerCase(Locale.ROOT);
        for (FragmentationSettings.Mode m : FragmentationSettings.Mode.values())
            if (keyword(m).equals(v)) return m;
        log.unknown(item.at(), MODE_KEY + " mode", item.value(), List.of("yes", "accept", "force", "no"));
        return FragmentationSettings.DEFAULT.mode();
    }

    static String keyword(FragmentationSettings.Mode m) {
        return m.name().toLowerCase(Locale.ROOT);
    }
}
