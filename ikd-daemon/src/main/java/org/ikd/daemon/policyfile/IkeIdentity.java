package org.ikd.daemon.policyfile;

/**
 * An identity for the ID payload of Main Mode (RFC 2407 §4.6.2.1 "Identification Type
 * Values"), as written in {@code local-id}/{@code peer-id}: {@code 198.18.0.2},
 * {@code fqdn:gw.example.net}, {@code email:admin@example.net}, {@code dn:C=DE, O=Lab, CN=gw},
 * {@code keyid:0a0b0c}. {@code value} is the address, name or DN as text, or the key ID in hex.
 */
public record IkeIdentity(Type type, String value) {
    /** The ID types ikd writes and accepts, with their RFC 2407 numbers. */
    public enum Type {
        IPV4_ADDR(1, "ip"), FQDN(2, "fqdn"), USER_FQDN(3, "email"), IPV6_ADDR(5, "ip"), DER_ASN1_DN(9, "dn"), KEY_ID(11, "keyid");

        private final int id;
        private final String prefix;

        Type(int id, String prefix) {
            this.id = id;
            this.prefix = prefix;
        }

        public int id() { return id; }

        /** The prefix the policy file uses for this type. */
        public String prefix() { return prefix; }
    }

    @Override
    public String toString() {
        return type.prefix() + ":" + value;
    }
}
