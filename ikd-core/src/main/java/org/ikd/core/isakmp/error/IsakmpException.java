package org.ikd.core.isakmp.error;

import java.util.Objects;
import org.ikd.core.isakmp.doi.NotifyType;

/**
 * A protocol error caused by what a peer sent, with the notify type that describes it (RFC 2408
 * §3.14.1). The engine catches it in one place: drop, count, log one line, notify where allowed.
 */
public class IsakmpException extends RuntimeException {
    private final NotifyType notifyType;

    public IsakmpException(NotifyType notifyType, String detail) {
        super(notifyType + ": " + detail);
        this.notifyType = Objects.requireNonNull(notifyType);
    }

    public NotifyType notifyType() {
        return notifyType;
    }
}
