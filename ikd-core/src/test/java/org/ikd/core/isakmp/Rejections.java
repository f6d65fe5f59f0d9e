package org.ikd.core.isakmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ikd.core.isakmp.doi.NotifyType;
import org.ikd.core.isakmp.error.MalformedMessageException;
import org.junit.jupiter.api.function.Executable;

/** Asserts that decoding fails with the codec exception, the right notify type and a "found ..., expected ..." text. */
public final class Rejections {
    private Rejections() {
    }

    public static MalformedMessageException assertRejected(NotifyType expected, Executable decode) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class, decode);
        assertEquals(expected, e.notifyType(), e.getMessage());
        assertTrue(e.getMessage().contains("found") && e.getMessage().contains("expected"), e.getMessage());
        return e;
    }

    public static MalformedMessageException assertRejected(NotifyType expected, String mentions, Executable decode) {
        MalformedMessageException e = assertRejected(expected, decode);
        assertTrue(e.getMessage().contains(mentions), () -> "'" + e.getMessage() + "' should mention " + mentions);
        return e;
    }
}
