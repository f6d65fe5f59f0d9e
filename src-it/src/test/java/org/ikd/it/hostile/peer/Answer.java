package org.ikd.it.hostile.peer;

import java.util.List;
import org.ikd.core.isakmp.doi.NotifyType;

/**
 * What the target answered: to our QM#1 its QM#2 (it accepted, and the peer sent HASH(3)); to our
 * QM#2 its QM#3 (it accepted); or an encrypted Informational with notifies (it refused), or nothing in time.
 */
public record Answer(Kind kind, List<NotifyType> notifies, String detail) {
    public enum Kind { QUICK_MODE_2, QUICK_MODE_3, INFORMATIONAL, NONE }

    public boolean notified(NotifyType type) {
        return kind == Kind.INFORMATIONAL && notifies.contains(type);
    }

    @Override
    public String toString() {
        return kind + (notifies.isEmpty() ? "" : " " + notifies) + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
