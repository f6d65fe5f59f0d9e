package org.ikd.core.ike.auth;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.doi.IdType;
import org.ikd.core.isakmp.payload.IdentificationPayload;
import org.ikd.core.policy.Identity;

/**
 * A rule's {@code local-id} and {@code peer-id} with certificates (RFC 4945 §3.1):
 * <ol>
 * <li>the ID we send is {@code local-id}, and it must name our certificate (its subject for a DN,
 *     a subjectAltName otherwise), so the peer's check of ID against certificate passes;
 * <li>the peer's ID must equal {@code peer-id} (same type, same value) besides naming its certificate.
 * </ol>
 * DNs compare as X.500 names (RFC 5280 §7.1), in the order written or the reverse one, since
 * strongSwan writes the most significant RDN first and RFC 4514 the least. Stateless.
 */
public final class RuleIdentities {
    private RuleIdentities() {}

    /** The ID payload for {@code id}; a DN that names {@code ours} (null: no certificate) is sent as its subject's DER, as written. */
    public static IdentificationPayload payload(Identity id, X509Certificate ours) {
        return switch (id.type()) {
            case IPV4_ADDR -> IdentificationPayload.of(IdType.IPV4_ADDR, Bytes.of(address(id.value()).getAddress()));
            case IPV6_ADDR -> IdentificationPayload.of(IdType.IPV6_ADDR, Bytes.of(address(id.value()).getAddress()));
            case FQDN -> IdentificationPayload.of(IdType.FQDN, ascii(id.value()));
            case USER_FQDN -> IdentificationPayload.of(IdType.USER_FQDN, ascii(id.value()));
            case KEY_ID -> IdentificationPayload.of(IdType.KEY_ID, Bytes.of(HexFormat.of().parseHex(id.value())));
            case DER_ASN1_DN -> IdentificationPayload.of(IdType.DER_ASN1_DN, Bytes.of(
                    ours != null && sameDn(id.value(), ours.getSubjectX500Principal()) ? ours.getSubjectX500Principal().getEncoded()
                            : writtenOrder(id.value()).getEncoded()));
        };
    }

    /** Empty when {@code local} names our certificate; else why not, for the policy check and the log. */
    public static Optional<String> mismatchWithOurs(Identity local, X509Certificate ours) {
        if (local.type() == Identity.Type.KEY_ID)
            return Optional.of("a key ID cannot name a certificate (use the subject DN or a subjectAltName)");
        IdentificationPayload p;
        try {
            p = payload(local, ours);
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
        return CertificateIdentity.mismatch(p, ours).map(m -> m.replace("the peer's certificate", "our certificate"));
    }

    /** Empty when the peer's {@code got} is the {@code wanted} peer-id; else the mismatch naming both. */
    public static Optional<String> mismatchWithPeer(Identity wanted, IdentificationPayload got) {
        String mismatch = "its ID " + CertificateIdentity.describe(got) + " is not the peer-id " + wanted + " of the rule";
        if (got.idType().value() != wanted.type().number()) return Optional.of(mismatch);
        boolean same = switch (wanted.type()) {
            // IDs are public values (sent in MM5/6 and configured in the clear): no constant-time need
            case IPV4_ADDR, IPV6_ADDR -> got.data().equals(Bytes.of(address(wanted.value()).getAddress()));
            case FQDN, USER_FQDN -> new String(got.data().toArray(), StandardCharsets.US_ASCII).equalsIgnoreCase(wanted.value());
            case KEY_ID -> got.data().equals(Bytes.of(HexFormat.of().parseHex(wanted.value())));
            case DER_ASN1_DN -> sameDn(wanted.value(), der(got.data()));
        };
        return same ? Optional.empty() : Optional.of(mismatch);
    }

    /** True when the DN {@code text} names {@code dn}, in either RDN order. */
    public static boolean sameDn(String text, X500Principal dn) {
        if (dn == null) return false;
        X500Principal asWritten;
        try {
            asWritten = new X500Principal(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return asWritten.equals(dn) || reversed(asWritten).equals(dn);
    }

    /** {@code text} with its first RDN first in the DER sequence, as strongSwan and BouncyCastle read it. */
    static X500Principal writtenOrder(String text) {
        return reversed(new X500Principal(text));
    }

    private static X500Principal der(Bytes data) {
        try {
            return new X500Principal(data.toArray());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The same RDNs in the opposite order (X.690 §8.9: a SEQUENCE of SETs; only the outer header is rewritten). */
    static X500Principal reversed(X500Principal dn) {
        byte[] der = dn.getEncoded();
        int[] header = tlv(der, 0);                          // {content offset, content end}
        List<byte[]> rdns = new ArrayList<>();
        for (int at = header[0]; at < header[1]; ) {
            int[] rdn = tlv(der, at);
            rdns.add(java.util.Arrays.copyOfRange(der, at, rdn[1]));
            at = rdn[1];
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = rdns.size() - 1; i >= 0; i--) body.writeBytes(rdns.get(i));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        int n = body.size();
        if (n < 128) out.write(n);
        else if (n < 256) out.writeBytes(new byte[] {(byte) 0x81, (byte) n});
        else out.writeBytes(new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n});
        out.writeBytes(body.toByteArray());
        return new X500Principal(out.toByteArray());
    }

    /** X.690 §8.1.3: the content's offset and end of the TLV at {@code at}. */
    private static int[] tlv(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        if (first < 128) return new int[] {at + 2, at + 2 + first};
        int count = first & 0x7f, length = 0;
        for (int i = 0; i < count; i++) length = length << 8 | der[at + 2 + i] & 0xff;
        return new int[] {at + 2 + count, at + 2 + count + length};
    }

    private static Bytes ascii(String s) {
        return Bytes.of(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** An address literal (the policy parser checked it): no name resolution. */
    private static InetAddress address(String literal) {
        if (!literal.matches("[0-9A-Fa-f.:]+")) throw new IllegalArgumentException("'" + literal + "' is not an address literal");
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an address literal");
        }
    }
}
