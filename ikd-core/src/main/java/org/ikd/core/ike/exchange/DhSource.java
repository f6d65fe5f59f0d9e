package org.ikd.core.ike.exchange;

import java.security.SecureRandom;
import org.ikd.core.crypto.DhGroup;
import org.ikd.core.crypto.DhGroupId;
import org.ikd.core.crypto.DhPrivate;

/** Where Diffie-Hellman private values come from: fresh ones in production, captured ones in vector tests. */
@FunctionalInterface
public interface DhSource {
    DhPrivate generate(DhGroupId group);

    static DhSource of(SecureRandom random) {
        return group -> DhGroup.of(group).generate(random);
    }
}
