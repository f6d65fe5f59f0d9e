package org.ikd.core.isakmp.error;

import org.ikd.core.isakmp.doi.NotifyType;

/**
 * A message (or payload) that breaks the ISAKMP encoding rules; its message says what was found
 * and what was expected. The only exception the decoders throw.
 */
public class MalformedMessageException extends IsakmpException {
    public MalformedMessageException(NotifyType notifyType, String detail) {
        super(notifyType, detail);
    }
}
