package org.ikd.it.deploy;

import java.io.IOException;
import java.nio.file.Files;
import org.ikd.it.lab.HubAndSpokes;
import org.ikd.it.lab.HubAndSpokes.Site;
import org.ikd.it.lab.IkdNode;

/**
 * conf/hub.toml as strongSwan's charon spells it, for a hub that runs charon (kernel-libipsec) with
 * the shipped conf/spoke-i.toml on ikd spokes: one connection {@code spoke-i} per spoke with that
 * spoke's own example key (conf/spoke-i.psk) and WAN address as identity, the same Main Mode methods
 * and ESP methods with PFS in modp3072 ({@link CharonSpoke}), and one CHILD SA {@code lan}: the hub's
 * LAN to spoke i's. The spokes initiate; charon answers.
 *
 * <p>No spoke-to-spoke children: kernel-libipsec routes a CHILD SA's remote side into its TUN device
 * with a source address from the local traffic selector, and refuses the policy when the host has
 * none there (charon 5.9.8: "no local address found in traffic selector 198.18.22.0/24", "error
 * installing route with policy 198.18.22.0/24 === 198.18.21.0/24 out", "installing trap failed").
 * A hub owns no address in its spokes' LANs, so charon with libipsec cannot forward between them.
 */
final class CharonHub {
    private CharonHub() {}

    /** swanctl.conf of the hub of {@code lab}. */
    static String conf(HubAndSpokes lab) throws IOException {
        StringBuilder connections = new StringBuilder();
        StringBuilder secrets = new StringBuilder();
        for (Site s : lab.spokes()) {
            connections.append(connection(lab, s));
            String psk = Files.readString(IkdNode.root().resolve("conf").resolve(ShippedHubAndSpokes.key(s.number()))).strip();
            secrets.append("""
                        ike-spoke-%d {
                            id-a = %s
                            id-b = %s
                            secret = "%s"
                        }
                    """.formatted(s.number(), lab.hub().wan(), s.wan(), psk));
        }
        return "connections {\n" + connections + "}\nsecrets {\n" + secrets + "}\n";
    }

    private static String connection(HubAndSpokes lab, Site spoke) {
        String children = """
                            lan {
                                local_ts = %s
                                remote_ts = %s
                                mode = tunnel
                                esp_proposals = %s
                                rekey_time = 1h
                                life_time = 75m
                                rand_time = 0
                            }
                """.formatted(lab.hub().lan(), spoke.lan(), CharonSpoke.ESP);
        return """
                    spoke-%1$d {
                        version = 1
                        aggressive = no
                        encap = yes
                        mobike = no
                        local_addrs = %2$s
                        remote_addrs = %3$s
                        proposals = %4$s
                        rekey_time = 4h
                        reauth_time = 0
                        over_time = 10m
                        rand_time = 0
                        local {
                            auth = psk
                            id = %2$s
                        }
                        remote {
                            auth = psk
                            id = %3$s
                        }
                        children {
                %5$s            }
                    }
                """.formatted(spoke.number(), lab.hub().wan(), spoke.wan(), CharonSpoke.MAIN_MODE, children);
    }
}
