package org.ikd.daemon.control;

import java.net.Inet4Address;
import java.util.List;
import org.ikd.core.crypto.EspCipher;
import org.ikd.core.crypto.IntegrityAlgorithm;
import org.ikd.core.policy.AddressText;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaSpec;

/**
 * {@code ikdctl keys --wireshark}: the only answer that carries keys (root only, see
 * {@link ControlDispatcher}). Entries print their keys in no {@code toString}.
 */
public record KeyTable(List<IkeKey> ike, List<EspKey> esp) {
    public KeyTable {
        ike = ike == null ? List.of() : List.copyOf(ike);
        esp = esp == null ? List.of() : List.copyOf(esp);
    }

    /**
     * One ISAKMP SA for Wireshark's {@code ikev1_decryption_table}: the initiator cookie and the
     * Phase 1 encryption key (RFC 2409 Appendix B: SKEYID_e cut or expanded to the cipher's key), hex.
     */
    public record IkeKey(String initiatorCookie, String encryptionKey) {
        @Override
        public String toString() {
            return "IkeKey[" + initiatorCookie + ", key hidden]";
        }
    }

    /**
     * One ESP SA for Wireshark's {@code esp_sa} table. {@code encryption}/{@code authentication}
     * are Wireshark's algorithm names (packet-ipsec.c); keys are hex, the AES-GCM key with its salt.
     *
     * @param family {@code IPv4} or {@code IPv6}
     * @param spi    {@code 0x} and 8 hex digits
     */
    public record EspKey(String family, String source, String destination, String spi, String encryption,
                         String encryptionKey, String authentication, String authenticationKey) {
        @Override
        public String toString() {
            return "EspKey[" + source + " -> " + destination + " spi " + spi + " " + encryption + " / " + authentication
                    + ", keys hidden]";
        }

        /** The Wireshark entry of an ESP SA; AH SAs have none (Wireshark's table is ESP only). */
        public static EspKey from(IpsecSaSpec sa) {
            if (sa.protocol() != IpsecProtocol.ESP)
                throw new IllegalArgumentException("Wireshark's esp_sa table holds ESP SAs only, not " + sa.protocol());
            return new EspKey(sa.source() instanceof Inet4Address ? "IPv4" : "IPv6",
                    AddressText.of(sa.source()), AddressText.of(sa.destination()), "0x" + sa.spi(),
                    encryptionName(sa.cipher()), sa.encryptionKey() == null ? "" : sa.encryptionKey().revealHex(),
                    authenticationName(sa.integrity()), sa.integrityKey() == null ? "" : sa.integrityKey().revealHex());
        }

        /** Wireshark's esp_encryption_type_vals (epan/dissectors/packet-ipsec.c). */
        static String encryptionName(EspCipher c) {
            return switch (c) {
                case NULL -> "NULL";
                case DES_CBC -> "DES-CBC [RFC2405]";
                case TRIPLE_DES_CBC -> "TripleDES-CBC [RFC2451]";
                case AES_CBC -> "AES-CBC [RFC3602]";
                case AES_GCM_16 -> "AES-GCM with 16 octet ICV [RFC4106]";
            };
        }

        /** Wireshark's esp_authentication_type_vals; "NULL" for combined modes. */
        static String authenticationName(IntegrityAlgorithm a) {
            if (a == null) return "NULL";
            return switch (a) {
                case HMAC_MD5_96 -> "HMAC-MD5-96 [RFC2403]";
                case HMAC_SHA1_96 -> "HMAC-SHA-1-96 [RFC2404]";
                case HMAC_SHA2_256_128 -> "HMAC-SHA-256-128 [RFC4868]";
                case HMAC_SHA2_384_192 -> "HMAC-SHA-384-192 [RFC4868]";
                case HMAC_SHA2_512_256 -> "HMAC-SHA-512-256 [RFC4868]";
            };
        }
    }
}
