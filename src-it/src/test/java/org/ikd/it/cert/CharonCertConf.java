package org.ikd.it.cert;

import java.nio.file.Path;
import org.ikd.it.lab.TwoHosts;

/**
 * charon's swanctl.conf for IKEv1 Main Mode with certificates ({@code auth = pubkey}) on host B,
 * tunnel to host A, UDP encapsulation forced; it trusts the CA in {@code x509ca/}, sends its
 * certificate when asked and requests ours.
 */
final class CharonCertConf {
    private CharonCertConf() {}

    static String render(Path dir, String localId, String remoteId) {
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
                    rekey_time = 4h
                    reauth_time = 0
                    over_time = 10m
                    rand_time = 0
                    send_certreq = yes
                    local {
                        auth = pubkey
                        certs = %5$s/x509/b.pem
                        id = "%6$s"
                    }
                    remote {
                        auth = pubkey
                        id = "%7$s"
                        cacerts = %5$s/x509ca/ca.pem
                    }
                    children {
                        net {
                            local_ts = %3$s
                            remote_ts = %4$s
                            mode = tunnel
                            esp_proposals = aes128-sha1
                            rekey_time = 1h
                            life_time = 75m
                            rand_time = 0
                            start_action = none
                        }
                    }
                }
            }
            """.formatted(TwoHosts.B, TwoHosts.A, TwoHosts.NET_B, TwoHosts.NET_A, dir, localId, remoteId);
    }
}
