package org.ikd.it.traffic;

import org.ikd.it.lab.PolicyToml;

/**
 * The protection kinds the matrix negotiates, as a method of the policy file
 * (docs/policy-reference.md, {@code [filter-actions]}) and as the wire shows them.
 *
 * @param method       the inline table's keys, e.g. {@code ah = "sha1", esp = "3des"}
 * @param shownAs      how {@code ikdctl show qm} names the negotiated transforms
 * @param outer        the IP protocol of every protected packet: 50 ESP, 51 AH (RFC 4302 §3.1: AH outermost)
 * @param confidential whether an ESP SA encrypts the payload (false: AH alone, RFC 4302 §1 — no confidentiality)
 */
enum Protection {
    ESP_AES128_SHA256("esp = \"aes128-sha256\"", "esp:aes128-sha256", 50, true),
    ESP_3DES_SHA1("esp = \"3des-sha1\"", "esp:3des-sha1", 50, true),
    AH_SHA1("ah = \"sha1\"", "ah:sha1", 51, false),
    AH_SHA256("ah = \"sha256\"", "ah:sha256", 51, false),
    AH_SHA1_ESP_3DES("ah = \"sha1\", esp = \"3des\"", "ah:sha1+esp:3des", 51, true),
    AH_SHA256_ESP_AES128_SHA1("ah = \"sha256\", esp = \"aes128-sha1\"", "ah:sha256+esp:aes128-sha1", 51, true);

    static final int ESP = 50;
    static final int AH = 51;

    final String method;
    final String shownAs;
    final int outer;
    final boolean confidential;

    Protection(String method, String shownAs, int outer, boolean confidential) {
        this.method = method;
        this.shownAs = shownAs;
        this.outer = outer;
        this.confidential = confidential;
    }

    /** The protocol AH carries inside (RFC 4302 §2.1 Next Header): ESP in a bundle, else the upper layer. */
    boolean bundled() {
        return outer == AH && confidential;
    }

    /** A transport-mode policy from {@code me} to {@code peer} with this one method; PSK in {@code it.psk}. */
    String policy(String me, String peer) {
        return PolicyToml.transport("it-traffic", me, peer, "protect", method);
    }
}
