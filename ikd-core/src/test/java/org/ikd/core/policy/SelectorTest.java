package org.ikd.core.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelectorTest {
    private static final int A = 0xC6120001;   // 198.18.0.1
    private static final int B = 0xC6120002;   // 198.18.0.2
    private static final int TCP = 6;
    private static final int UDP = 17;

    private final Selector webToB = new Selector(Subnet.parse("198.18.0.1"), Subnet.parse("198.18.0.2"), TCP,
            PortRange.ANY, PortRange.single(80));

    @Test
    void matchesProtocolAndDestinationPort() {
        assertTrue(webToB.matchesV4(A, B, TCP, 40000, 80));
        assertFalse(webToB.matchesV4(A, B, TCP, 40000, 81));
        assertFalse(webToB.matchesV4(A, B, UDP, 40000, 80));
        assertFalse(webToB.matchesV4(B, A, TCP, 40000, 80));
    }

    @Test
    void aPortSelectorNeverMatchesAPacketWithoutPorts() {
        assertFalse(webToB.matchesV4(A, B, TCP, -1, -1));
    }

    @Test
    void mirroringSwapsAddressesAndPorts() {
        Selector m = webToB.mirror();
        assertTrue(m.matchesV4(B, A, TCP, 80, 40000));
        assertFalse(m.matchesV4(A, B, TCP, 40000, 80));
    }

    @Test
    void aMirroredFilterExpandsToBothDirections() {
        List<Selector> both = new Filter(webToB, true).expand();
        assertEquals(List.of(webToB, webToB.mirror()), both);
        assertEquals(List.of(webToB), new Filter(webToB, false).expand());
    }

    @Test
    void withinComparesEveryField() {
        Selector any = Selector.between(Subnet.parse("198.18.0.0/15"), Subnet.parse("198.18.0.0/15"));
        assertTrue(webToB.within(any));
        assertFalse(any.within(webToB));
    }

    @Test
    void refusesMixedAddressFamilies() {
        assertThrows(IllegalArgumentException.class,
                () -> Selector.between(Subnet.parse("198.18.0.1"), Subnet.parse("2001:db8::1")));
    }

    @Test
    void refusesInvertedPortRanges() {
        assertThrows(IllegalArgumentException.class, () -> new PortRange(90, 80));
    }
}
