package org.ikd.core.sa;

/** IPsec mode (RFC 4301 §4.1). UDP encapsulation (RFC 3948) is orthogonal: see {@link NatTraversal}. */
public enum Mode {
    TRANSPORT,
    TUNNEL
}
