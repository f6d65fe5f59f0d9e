package org.ikd.it.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the swanctl.conf of one IKEv1 PSK connection, tunnel mode, with forced UDP encapsulation;
 * {@link #certificates} builds the same connection with certificates ({@code auth = pubkey}).
 */
public record SwanctlConf(String local, String remote, String localTs, String remoteTs, String ikeProposal,
                          String espProposal, String psk, String startAction) {
    /** The IKE SA's rekey_time and the child's rekey_time and life_time, as charon reads them. */
    private record Lifetimes(String ikeRekey, String childRekey, String childLife) {
        static final Lifetimes LAB = new Lifetimes("4h", "1h", "75m");
    }

    public String render() {
        return render(Lifetimes.LAB, "10m");
    }

    /**
     * The same connection with IKE {@code ikeRekeyTime} (plus {@code overTime}) and child
     * {@code childRekeyTime}/{@code childLifeTime}, no randomisation.
     */
    public String render(String ikeRekeyTime, String overTime, String childRekeyTime, String childLifeTime) {
        return render(new Lifetimes(ikeRekeyTime, childRekeyTime, childLifeTime), overTime);
    }

    private String render(Lifetimes times, String overTime) {
        return connection(local, remote, ikeProposal, times, List.of("over_time = " + overTime),
                List.of("auth = psk", "id = " + local), List.of("auth = psk", "id = " + remote),
                localTs, remoteTs, espProposal, startAction) + """
            secrets {
                ike-ikd {
                    id-a = %1$s
                    id-b = %2$s
                    secret = "%3$s"
                }
            }
            """.formatted(local, remote, psk);
    }

    /**
     * charon with certificates: Main Mode aes128-sha256-modp2048, ESP aes128-sha1, started by the
     * peer; it sends {@code dir/x509/b.pem} (key in {@code dir/private}), trusts the CA in
     * {@code dir/x509ca/ca.pem} and requests the peer's certificate. {@code options} are lines of
     * the connection, e.g. {@code fragmentation = yes}.
     */
    public static String certificates(String local, String remote, String localTs, String remoteTs, Path dir,
                                      String localId, String remoteId, String... options) {
        return certificatesWithEsp("aes128-sha1", local, remote, localTs, remoteTs, dir, localId, remoteId, options);
    }

    /** As {@link #certificates}, with the child's ESP proposal {@code espProposal}. */
    public static String certificatesWithEsp(String espProposal, String local, String remote, String localTs, String remoteTs,
                                             Path dir, String localId, String remoteId, String... options) {
        List<String> all = new ArrayList<>(List.of(options));
        all.add("send_certreq = yes");
        return connection(local, remote, "aes128-sha256-modp2048", Lifetimes.LAB, all,
                List.of("auth = pubkey", "certs = " + dir + "/x509/b.pem", "id = \"" + localId + "\""),
                List.of("auth = pubkey", "id = \"" + remoteId + "\"", "cacerts = " + dir + "/x509ca/ca.pem"),
                localTs, remoteTs, espProposal, "none");
    }

    /** Writes what {@link #certificates} names: {@code x509/b.pem}, {@code x509ca/ca.pem} and {@code private/b.key} (0600). */
    public static void writeCredentials(Path dir, String certificatePem, String caPem, String privateKeyPem) throws IOException {
        Files.createDirectories(dir.resolve("x509"));
        Files.createDirectories(dir.resolve("x509ca"));
        Files.createDirectories(dir.resolve("private"));
        Files.writeString(dir.resolve("x509/b.pem"), certificatePem);
        Files.writeString(dir.resolve("x509ca/ca.pem"), caPem);
        Path key = dir.resolve("private/b.key");
        Files.writeString(key, privateKeyPem);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    private static String connection(String local, String remote, String proposals, Lifetimes times, List<String> options,
                                     List<String> localAuth, List<String> remoteAuth, String localTs, String remoteTs,
                                     String esp, String startAction) {
        return """
            connections {
                ikd {
                    version = 1
                    aggressive = no
                    encap = yes
                    mobike = no
                    local_addrs = %1$s
                    remote_addrs = %2$s
                    proposals = %3$s
                    rekey_time = %11$s
                    reauth_time = 0
            %4$s        rand_time = 0
                    local {
            %5$s        }
                    remote {
            %6$s        }
                    children {
                        net {
                            local_ts = %7$s
                            remote_ts = %8$s
                            mode = tunnel
                            esp_proposals = %9$s
                            rekey_time = %12$s
                            life_time = %13$s
                            rand_time = 0
                            start_action = %10$s
                        }
                    }
                }
            }
            """.formatted(local, remote, proposals, lines("        ", options), lines("            ", localAuth),
                lines("            ", remoteAuth), localTs, remoteTs, esp, startAction,
                times.ikeRekey(), times.childRekey(), times.childLife());
    }

    private static String lines(String indent, List<String> lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines) b.append(indent).append(l).append('\n');
        return b.toString();
    }
}
