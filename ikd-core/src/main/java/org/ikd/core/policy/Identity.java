package org.ikd.core.policy;

import java.util.Objects;

/**
 * A Main Mode identity as a rule names it ({@code local-id}, {@code peer-id}): an ID type of
 * RFC 2407 §4.6.2.1 and its value as text: an address literal, a host name, an e-mail address, a
 * distinguished name (strongSwan's order, most significant RDN first, e.g. {@code C=DE, O=Lab, CN=gw};
 * the reverse RFC 4514 order names the same DN) or a key ID in hex.
 */
public record Identity(Type type, String value) {
    /** The ID types a rule may name, with their RFC 2407 §4.6.2.1 numbers. */
    public enum Type {
        IPV4_ADDR(1), FQDN(2), USER_FQDN(3), IPV6_ADDR(5), DER_ASN1_DN(9), KEY_ID(11);

        private final int number;

        Type(int number) {
            this.number = number;
        }

        public int number() { return number; }
    }

    public Identity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return switch (type) {
            case IPV4_ADDR, IPV6_ADDR -> value;
            case FQDN -> "fqdn " + value;
            case USER_FQDN -> "user_fqdn " + value;
            case DER_ASN1_DN -> "dn " + value;
            case KEY_ID -> "key_id " + value;
        };
    }
}
