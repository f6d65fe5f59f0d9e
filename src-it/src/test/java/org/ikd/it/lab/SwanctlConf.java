package org.ikd.it.lab;

/** Builds the swanctl.conf of one IKEv1 PSK connection, tunnel mode, with forced UDP encapsulation. */
public record SwanctlConf(String local, String remote, String localTs, String remoteTs, String ikeProposal,
                          String espProposal, String psk, String startAction) {
    public String render() {
        return """
            connections {
                ikd {
                    version = 1
                    aggressive = no
                    encap = yes
                    mobike = no
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    proposals = %5$s
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
                        net {
                            local_ts = %3$s
                            remote_ts = %4$s
                            mode = tunnel
                            esp_proposals = %6$s
                            rekey_time = 1h
                            life_time = 75m
                            rand_time = 0
                            start_action = %8$s
                        }
                    }
                }
            }
            secrets {
                ike-ikd {
                    id-a = %1$s
                    id-b = %2$s
                    secret = "%7$s"
                }
            }
            """.formatted(local, remote, localTs, remoteTs, ikeProposal, espProposal, psk, startAction);
    }
}
