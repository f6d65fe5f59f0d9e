package org.ikd.esp.spd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.ikd.core.policy.Filter;
import org.ikd.core.policy.PortRange;
import org.ikd.core.policy.Selector;
import org.ikd.core.policy.Subnet;
import org.ikd.esp.Packets;
import org.ikd.esp.packet.Flow;
import org.junit.jupiter.api.Test;

class SpdTest {
    private static Flow flow(byte[] p) {
        Flow f = new Flow();
        f.parse(p, 0, p.length);
        return f;
    }

    private static final Selector WEB = new Selector(Subnet.parse("198.18.10.0/24"), Subnet.parse("198.18.20.5"), 6,
            PortRange.ANY, PortRange.single(443));

    private static String decide(Spd spd, byte[] p) {
        int e = spd.lookup(flow(p));
        return e < 0 ? "default:" + spd.defaultAction() : spd.rule(e).name() + ":" + spd.action(e);
    }

    @Test
    void lowestOrderRuleWinsAndFirstMatchingSelectorDecides() {
        Spd spd = Spd.of(List.of(
                SpdRule.of("protect-net", 20, SpdRule.Action.NEGOTIATE,
                        Selector.between(Subnet.parse("198.18.10.0/24"), Subnet.parse("198.18.20.0/24"))),
                SpdRule.of("web-clear", 10, SpdRule.Action.PERMIT, WEB),
                SpdRule.of("block-all", 30, SpdRule.Action.BLOCK,
                        Selector.between(Subnet.parse("0.0.0.0/0"), Subnet.parse("0.0.0.0/0")))), SpdRule.Action.PERMIT);
        assertEquals("web-clear:PERMIT", decide(spd, Packets.tcp("198.18.10.1", "198.18.20.5", 5000, 443, 0)));
        assertEquals("protect-net:NEGOTIATE", decide(spd, Packets.tcp("198.18.10.1", "198.18.20.5", 5000, 80, 0)));
        assertEquals("protect-net:NEGOTIATE", decide(spd, Packets.udp("198.18.10.1", "198.18.20.5", 5000, 443, 0)));
        assertEquals("block-all:BLOCK", decide(spd, Packets.icmp("198.18.30.1", "198.18.20.5", 0)));
        assertEquals(List.of("web-clear", "protect-net", "block-all"), spd.rules().stream().map(SpdRule::name).toList());
    }

    @Test
    void mirroredFilterMatchesBothDirections() {
        Filter f = new Filter(WEB, true);
        Spd spd = Spd.of(List.of(new SpdRule("web", 1, f.expand(), SpdRule.Action.NEGOTIATE, false, false)),
                SpdRule.Action.BLOCK);
        assertEquals("web:NEGOTIATE", decide(spd, Packets.tcp("198.18.10.7", "198.18.20.5", 40000, 443, 0)));
        assertEquals("web:NEGOTIATE", decide(spd, Packets.tcp("198.18.20.5", "198.18.10.7", 443, 40000, 0)));
        assertEquals("default:BLOCK", decide(spd, Packets.tcp("198.18.20.5", "198.18.10.7", 444, 40000, 0)));
        Spd oneWay = Spd.of(List.of(new SpdRule("web", 1, new Filter(WEB, false).expand(), SpdRule.Action.NEGOTIATE,
                false, false)), SpdRule.Action.BLOCK);
        assertEquals("default:BLOCK", decide(oneWay, Packets.tcp("198.18.20.5", "198.18.10.7", 443, 40000, 0)));
    }

    @Test
    void laterFragmentsHaveNoPortsSoPortSelectorsSkipThem() {
        byte[] p = Packets.tcp("198.18.10.1", "198.18.20.5", 5000, 443, 0);
        p[7] = 8;                                           // fragment offset 8 (RFC 4301 §7: no ports)
        Spd spd = Spd.of(List.of(SpdRule.of("web", 1, SpdRule.Action.NEGOTIATE, WEB)), SpdRule.Action.PERMIT);
        assertEquals("default:PERMIT", decide(spd, p));
        assertEquals(Flow.NO_PORT, flow(p).sourcePort());
    }

    @Test
    void matchesIpv6Prefixes() {
        Selector v6 = Selector.between(Subnet.parse("2001:db8:1::/48"), Subnet.parse("2001:db8:2::1"));
        Spd spd = Spd.of(List.of(SpdRule.of("v6", 1, SpdRule.Action.NEGOTIATE, v6)), SpdRule.Action.PERMIT);
        byte[] src = Subnet.parse("2001:db8:1:ff::9").network().getAddress();
        byte[] dst = Subnet.parse("2001:db8:2::1").network().getAddress();
        byte[] other = Subnet.parse("2001:db8:2::2").network().getAddress();
        assertEquals("v6:NEGOTIATE", decide(spd, Packets.udp6(src, dst, 1, 2, 4)));
        assertEquals("default:PERMIT", decide(spd, Packets.udp6(src, other, 1, 2, 4)));
        assertEquals("default:PERMIT", decide(spd, Packets.udp("198.18.10.1", "198.18.20.5", 1, 2, 0)));
    }

    @Test
    void ruleNamesAreUnique() {
        Selector s = Selector.between(Subnet.parse("0.0.0.0/0"), Subnet.parse("0.0.0.0/0"));
        assertThrows(IllegalArgumentException.class, () -> Spd.of(List.of(SpdRule.of("x", 1, SpdRule.Action.BLOCK, s),
                SpdRule.of("x", 2, SpdRule.Action.PERMIT, s)), SpdRule.Action.PERMIT));
    }
}
