package org.ikd.core.ike.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.ClientLease;
import org.ikd.core.isakmp.doi.ConfigAttribute;
import org.ikd.core.isakmp.error.IsakmpException;
import org.ikd.core.isakmp.payload.AttributePayload;
import org.ikd.core.isakmp.payload.DataAttribute;
import org.ikd.core.policy.Subnet;
import org.junit.jupiter.api.Test;

/**
 * A gateway's CFG_REPLY as its road warrior reads it. Layouts: draft-dukes-ike-mode-cfg-02 §3.2 (INTERNAL_IP4_ADDRESS,
 * _NETMASK, _DNS: 4 bytes; INTERNAL_IP4_SUBNET: address then mask, 8 bytes) and strongSwan's unity plugin for
 * UNITY_SPLIT_INCLUDE (address, mask, 6 zero bytes per network).
 */
class ModeConfigReplyTest {
    private static final InetAddress GATEWAY = address("198.18.0.1");

    @Test
    void readsAddressSubnetSplitIncludeAndDns() {
        ClientLease lease = ModeConfigReply.read(reply(
                attr(ConfigAttribute.INTERNAL_IP4_ADDRESS, "c612c801"),                     // 198.18.200.1
                attr(ConfigAttribute.INTERNAL_IP4_NETMASK, "ffffff00"),
                attr(ConfigAttribute.INTERNAL_IP4_DNS, "c6120a35"),                         // 198.18.10.53
                attr(ConfigAttribute.INTERNAL_IP4_SUBNET, "c6120a00ffffff00"),              // 198.18.10.0/24
                attr(ConfigAttribute.UNITY_SPLIT_INCLUDE, "c6121400ffffff00000000000000")), GATEWAY);  // 198.18.20.0/24
        assertEquals(address("198.18.200.1"), lease.address());
        assertEquals(List.of(Subnet.parse("198.18.10.0/24"), Subnet.parse("198.18.20.0/24")), lease.networks());
        assertEquals(List.of(address("198.18.10.53")), lease.dns());
        assertEquals(0, lease.dropped());
    }

    @Test
    void refusesAReplyWithoutAnAddress() {
        assertThrows(IsakmpException.class, () -> ModeConfigReply.read(reply(attr(ConfigAttribute.INTERNAL_IP4_DNS, "c6120a35")), GATEWAY));
    }

    @Test
    void refusesAnAddressOfTheWrongLength() {
        assertThrows(IsakmpException.class, () -> ModeConfigReply.read(reply(attr(ConfigAttribute.INTERNAL_IP4_ADDRESS, "c612c8")), GATEWAY));
    }

    @Test
    void refusesUnusableAddresses() {
        for (String hex : new String[] {"00000000", "7f000001", "e0000001", "ffffffff", "f0000001", "a9fe0001", "c6120001"}) {
            IsakmpException e = assertThrows(IsakmpException.class,
                    () -> ModeConfigReply.read(reply(attr(ConfigAttribute.INTERNAL_IP4_ADDRESS, hex)), GATEWAY), hex);
            assertTrue(e.getMessage().contains("expected a unicast address that is not the gateway's"), e.getMessage());
        }
    }

    @Test
    void refusesANetmaskThatPutsTheGatewayOnOurLink() {
        IsakmpException e = assertThrows(IsakmpException.class, () -> ModeConfigReply.read(reply(
                attr(ConfigAttribute.INTERNAL_IP4_ADDRESS, "c612c801"), attr(ConfigAttribute.INTERNAL_IP4_NETMASK, "ffff0000")), GATEWAY));
        assertTrue(e.getMessage().contains("puts the gateway 198.18.0.1 on our virtual link"), e.getMessage());
    }

    @Test
    void refusesANetmaskWithHoles() {
        assertThrows(IsakmpException.class, () -> ModeConfigReply.read(reply(
                attr(ConfigAttribute.INTERNAL_IP4_ADDRESS, "c612c801"), attr(ConfigAttribute.INTERNAL_IP4_NETMASK, "ff00ff00")), GATEWAY));
    }

    @Test
    void dropsAndCountsNetworksThatCoverTheGatewayOrAreMalformed() {
        ClientLease lease = ModeConfigReply.read(reply(
                attr(ConfigAttribute.INTERNAL_IP4_ADDRESS, "c612c801"),
                attr(ConfigAttribute.INTERNAL_IP4_SUBNET, "c6120000fffe0000"),              // 198.18.0.0/15: covers the gateway
                attr(ConfigAttribute.INTERNAL_IP4_SUBNET, "0000000000000000"),              // 0.0.0.0/0
                attr(ConfigAttribute.INTERNAL_IP4_SUBNET, "c6120a00ff00ff00"),              // a mask with holes
                attr(ConfigAttribute.INTERNAL_IP4_SUBNET, "c6120a00ffffff"),                // 7 bytes
                attr(ConfigAttribute.UNITY_SPLIT_INCLUDE, "c6120a00ffffff00000000000000" + "e0000000f0000000000000000000"),
                attr(ConfigAttribute.INTERNAL_IP4_DNS, "e0000001")), GATEWAY);               // multicast DNS
        assertEquals(List.of(Subnet.parse("198.18.10.0/24")), lease.networks());
        assertEquals(6, lease.dropped());
    }

    private static AttributePayload reply(DataAttribute... attributes) {
        return new AttributePayload(AttributePayload.REPLY, 7, new ArrayList<>(List.of(attributes)));
    }

    private static DataAttribute attr(int type, String hex) {
        return DataAttribute.tlv(type, Bytes.of(HexFormat.of().parseHex(hex)));
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
