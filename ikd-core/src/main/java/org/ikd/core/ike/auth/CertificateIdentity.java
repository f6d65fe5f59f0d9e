package org.ikd.core.ike.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.policy.AddressText;

/**
 * Does the peer's phase-1 ID belong to its certificate? (RFC 4945 §3.1): DER_ASN1_DN must equal the
 * subject; FQDN, USER_FQDN and IPV4_ADDR/IPV6_ADDR must equal a subjectAltName dNSName, rfc822Name or
 * iPAddress (RFC 5280 §4.2.1.6). Other ID types are not bound to certificates by ikd.
 */
public final class CertificateIdentity {
    private static final int RFC822_NAME = 1;
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private CertificateIdentity() {}

    /** Empty when {@code id} names {@code cert}; else the mismatch, for the log. */
    public static Optional<String> mismatch(IdentificationPayload id, X509Certificate cert) {
        IdType t = id.idType();
        String subject = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (t.equals(IdType.DER_ASN1_DN)) {
            X500Principal dn;
            try {
                dn = new X500Principal(id.data().toArray());
            } catch (IllegalArgumentException e) {
                return Optional.of("the ID payload DER_ASN1_DN is not a DER distinguished name");
            }
            return dn.equals(cert.getSubjectX500Principal()) ? Optional.empty() : Optional.of("ID " + describe(id)
                    + " is not the subject of the peer's certificate ('" + subject + "')");
        }
        int san = t.equals(IdType.FQDN) ? DNS_NAME : t.equals(IdType.USER_FQDN) ? RFC822_NAME
                : t.equals(IdType.IPV4_ADDR) || t.equals(IdType.IPV6_ADDR) ? IP_ADDRESS : -1;
        if (san < 0)
            return Optional.of("ID type " + t + " cannot be bound to a certificate (expected DER_ASN1_DN, FQDN, USER_FQDN or an address)");
        List<String> names = altNames(cert, san);
        String wanted = value(id);
        for (String n : names) if (san == IP_ADDRESS ? sameAddress(n, wanted) : n.equalsIgnoreCase(wanted)) return Optional.empty();
        return Optional.of("ID " + describe(id) + " is not a subjectAltName of the peer's certificate ('" + subject
                + "' has " + (names.isEmpty() ? "none of that type" : names) + ")");
    }

    /** For logs: {@code dn CN=gw,O=Lab}, {@code fqdn gw.example}, {@code 198.18.0.2}. */
    public static String describe(IdentificationPayload id) {
        IdType t = id.idType();
        if (t.equals(IdType.DER_ASN1_DN)) {
            try {
                return "dn " + new X500Principal(id.data().toArray()).getName(X500Principal.RFC2253);
            } catch (IllegalArgumentException e) {
                return "dn (malformed) " + id.data().toHex();
            }
        }
        if (t.equals(IdType.IPV4_ADDR) || t.equals(IdType.IPV6_ADDR)) return value(id);
        if (t.equals(IdType.FQDN) || t.equals(IdType.USER_FQDN)) return t.name().toLowerCase() + " " + value(id);
        return t.name().toLowerCase() + " " + id.data().toHex();
    }

    private static String value(IdentificationPayload id) {
        IdType t = id.idType();
        if (t.equals(IdType.IPV4_ADDR) || t.equals(IdType.IPV6_ADDR)) {
            try {
                return AddressText.of(InetAddress.getByAddress(id.data().toArray()));
            } catch (UnknownHostException e) {
                return id.data().toHex();
            }
        }
        return new String(id.data().toArray(), StandardCharsets.US_ASCII);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));   // literals only: no resolution
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static List<String> altNames(X509Certificate cert, int type) {
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all == null) return List.of();
            return all.stream().filter(n -> ((Integer) n.get(0)) == type && n.get(1) instanceof String)
                    .map(n -> (String) n.get(1)).toList();
        } catch (CertificateParsingException e) {
            return List.of();
        }
    }
}
