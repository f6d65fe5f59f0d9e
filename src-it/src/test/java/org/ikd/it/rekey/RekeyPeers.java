package org.ikd.it.rekey;

/**
 * Configuration of the two peer kinds with short lifetimes: ikd's tunnel policy toward charon,
 * and charon's swanctl.conf with its own child rekey_time/life_time (charon installs those
 * whatever was negotiated, docs/interop.md) and a short IKE rekey_time, so that the ISAKMP SA
 * is renewed during the run (for IKEv1 charon renews it by re-authenticating).
 */
final class RekeyPeers {
    private RekeyPeers() {}

    /** ikd: ESP tunnel between two subnets, NAT-T forced (charon's libipsec), Quick Mode SAs living {@code lifetime}. */
    static String ikdTunnel(String me, String peer, String localNet, String remoteNet, String esp, String lifetime) {
        return """
            name = "it-rekey"
            local-addresses = ["%1$s"]

            [main-mode]
            methods = ["aes128-sha256-modp2048"]

            [filter-lists.net]
            filters = [ { source = "%3$s", destination = "%4$s" } ]

            [filter-actions.esp]
            action = "negotiate"
            methods = [ { esp = "%5$s", lifetime = "%6$s" } ]

            [[rules]]
            name = "net"
            filter-list = "net"
            filter-action = "esp"
            authentication = [ { psk-file = "it.psk" } ]
            tunnel = { remote = "%2$s", local = "%1$s" }
            nat-traversal = "force"
            """.formatted(me, peer, localNet, remoteNet, esp, lifetime);
    }

    /**
     * charon: the lab connection (see {@code SwanctlConf}) with child {@code rekeyTime}/{@code lifeTime}
     * and IKE {@code ikeRekeyTime} (plus 10 s over_time), no randomisation.
     */
    static String charon(String local, String remote, String localTs, String remoteTs, String esp, String psk,
                         String rekeyTime, String lifeTime, String ikeRekeyTime) {
        return """
            connections {
                ikd {
                    version = 1
                    aggressive = no
                    encap = yes
                    mobike = no
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    proposals = aes128-sha256-modp2048
                    rekey_time = %9$s
                    reauth_time = 0
                    over_time = 10s
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
                        net {
                            local_ts = %3$s
                            remote_ts = %4$s
                            mode = tunnel
                            esp_proposals = %5$s
                            rekey_time = %7$s
                            life_time = %8$s
                            rand_time = 0
                            start_action = none
                        }
                    }
                }
            }
            secrets {
                ike-ikd {
                    id-a = %1$s
                    id-b = %2$s
                    secret = "%6$s"
                }
            }
            """.formatted(local, remote, localTs, remoteTs, esp, psk, rekeyTime, lifeTime, ikeRekeyTime);
    }
}
