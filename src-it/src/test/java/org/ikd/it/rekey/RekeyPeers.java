package org.ikd.it.rekey;

import org.ikd.it.lab.PolicyToml;
import org.ikd.it.lab.SwanctlConf;

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
        return PolicyToml.tunnelWith("it-rekey", me, peer, localNet, remoteNet, PolicyToml.MAIN_MODE,
                "esp = \"" + esp + "\", lifetime = \"" + lifetime + "\"", "nat-traversal = \"force\"");
    }

    /**
     * charon: the lab connection ({@link SwanctlConf}) with child {@code rekeyTime}/{@code lifeTime}
     * and IKE {@code ikeRekeyTime} (plus 10 s over_time), no randomisation.
     */
    static String charon(String local, String remote, String localTs, String remoteTs, String esp, String psk,
                         String rekeyTime, String lifeTime, String ikeRekeyTime) {
        return new SwanctlConf(local, remote, localTs, remoteTs, PolicyToml.MAIN_MODE, esp, psk, "none")
                .render(ikeRekeyTime, "10s", rekeyTime, lifeTime);
    }
}
