package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.HubAndSpokes;
import org.ikd.it.lab.HubAndSpokes.Site;
import org.ikd.it.lab.IkdNode;

/**
 * conf/spoke-i.toml as strongSwan's charon spells it, for a spoke that runs charon (kernel-libipsec)
 * instead of ikd against the shipped conf/hub.toml: the same Main Mode methods, ESP methods with PFS
 * in modp3072, the spoke's own example key conf/spoke-i.psk and its WAN address as identity. IKEv1
 * Quick Mode carries one pair of IDs (RFC 2409 §5.5), so the spoke's three mirrored filters are three
 * CHILD SAs of one connection "hub": {@code hub-lan} (LAN i to the hub's LAN) and {@code spoke-j}
 * (LAN i to spoke j's LAN, through the hub). libipsec speaks only ESP in UDP 4500 ({@code encap}).
 * No start action: the test initiates each child, so a restart starts from nothing.
 */
final class CharonSpoke {
    static final String MAIN_MODE = "aes256-sha256-modp3072,aes128-sha256-modp2048";
    static final String ESP = "aes256gcm16-modp3072,aes128-sha256-modp3072";

    private CharonSpoke() {}

    /** The children, in the order {@link #conf} writes them: hub-lan, then spoke-j for every other spoke j. */
    static List<String> children(int spoke) {
        List<String> names = new ArrayList<>(List.of("hub-lan"));
        for (int j = 1; j <= HubAndSpokes.SPOKES; j++) if (j != spoke) names.add("spoke-" + j);
        return names;
    }

    /** swanctl.conf of spoke {@code spoke} of {@code lab}. */
    static String conf(HubAndSpokes lab, int spoke) throws IOException {
        Site me = lab.spoke(spoke);
        Site hub = lab.hub();
        String psk = Files.readString(IkdNode.root().resolve("conf").resolve(ShippedHubAndSpokes.key(spoke))).strip();
        StringBuilder children = new StringBuilder();
        for (String name : children(spoke)) {
            String remote = name.equals("hub-lan") ? hub.lan() : lab.spoke(Integer.parseInt(name.substring(6))).lan();
            children.append(child(name, me.lan(), remote));
        }
        return """
            connections {
                hub {
                    version = 1
                    aggressive = no
                    encap = yes
                    mobike = no
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    proposals = %3$s
                    rekey_time = 4h
                    reauth_time = 0
                    over_time = 10m
                    rand_time = 0
                    local {
                        auth = psk
                        id = %1$s
                    }
                    remote {
                        auth = psk
                        id = %2$s
                    }
                    children {
            %4$s        }
                }
            }
            secrets {
                ike-hub {
                    id-a = %1$s
                    id-b = %2$s
                    secret = "%5$s"
                }
            }
            """.formatted(me.wan(), hub.wan(), MAIN_MODE, children, psk);
    }

    private static String child(String name, String localTs, String remoteTs) {
        return """
                        %s {
                            local_ts = %s
                            remote_ts = %s
                            mode = tunnel
                            esp_proposals = %s
                            rekey_time = 1h
                            life_time = 75m
                            rand_time = 0
                            start_action = none
                        }
            """.formatted(name, localTs, remoteTs, ESP);
    }
}
