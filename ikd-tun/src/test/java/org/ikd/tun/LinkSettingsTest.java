package org.ikd.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkSettingsTest {
    @Test
    void asksForFourMebibyteSocketBuffersByDefault() {
        // issue 8 brief: "SO_RCVBUFFORCE of a few MB"; 4 MiB = 4,194,304 bytes
        assertEquals(4_194_304, LinkSettings.defaults(1, 1400, List.of()).socketBuffer());
        assertEquals(4_194_304, new LinkSettings("ikd0", 1, 1400, List.of(), 220, 220, 0x1d1, "ikd").socketBuffer());
    }

    @Test
    void keepsEverythingElseWhenOnlyTheSocketBufferChanges() {
        LinkSettings d = LinkSettings.defaults(2, 1400, List.of());
        LinkSettings none = d.withSocketBuffer(0);
        assertEquals(0, none.socketBuffer());
        assertEquals(new LinkSettings("ikd0", 2, 1400, List.of(), 220, 220, 0x1d1, "ikd", 0), none);
    }

    @Test
    void rejectsANegativeSocketBuffer() {
        var e = assertThrows(IllegalArgumentException.class, () -> LinkSettings.defaults(1, 1400, List.of()).withSocketBuffer(-1));
        assertEquals("socket buffer -1 bytes (expected: 0 for the kernel's default, or up to 1073741823)", e.getMessage());
    }
}
