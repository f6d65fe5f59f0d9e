package org.ikd.core.isakmp.doi;

import java.util.Map;

/** "Certificate Encoding" of CERT and CR payloads (RFC 2408 §3.9), one byte. */
public final class CertEncoding extends RegisteredNumber {
    public static final CertEncoding NONE = new CertEncoding(0, "NONE");
    public static final CertEncoding PKCS7_WRAPPED_X509 = new CertEncoding(1, "PKCS7_WRAPPED_X509");
    public static final CertEncoding PGP = new CertEncoding(2, "PGP");
    public static final CertEncoding DNS_SIGNED_KEY = new CertEncoding(3, "DNS_SIGNED_KEY");
    public static final CertEncoding X509_SIGNATURE = new CertEncoding(4, "X509_SIGNATURE");
    public static final CertEncoding X509_KEY_EXCHANGE = new CertEncoding(5, "X509_KEY_EXCHANGE");
    public static final CertEncoding KERBEROS_TOKENS = new CertEncoding(6, "KERBEROS_TOKENS");
    public static final CertEncoding CRL = new CertEncoding(7, "CRL");
    public static final CertEncoding ARL = new CertEncoding(8, "ARL");
    public static final CertEncoding SPKI = new CertEncoding(9, "SPKI");
    public static final CertEncoding X509_ATTRIBUTE = new CertEncoding(10, "X509_ATTRIBUTE");

    private static final Map<Integer, CertEncoding> KNOWN = index(NONE, PKCS7_WRAPPED_X509, PGP, DNS_SIGNED_KEY,
            X509_SIGNATURE, X509_KEY_EXCHANGE, KERBEROS_TOKENS, CRL, ARL, SPKI, X509_ATTRIBUTE);

    private CertEncoding(int value, String name) {
        super(value, name, true);
    }

    private CertEncoding(int value) {
        super(value, unknownName(value), false);
    }

    public static CertEncoding valueOf(int value) {
        CertEncoding known = KNOWN.get(requireRange(value, 0xff, "certificate encoding"));
        return known != null ? known : new CertEncoding(value);
    }
}
