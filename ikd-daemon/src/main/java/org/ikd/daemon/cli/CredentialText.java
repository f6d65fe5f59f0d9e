package org.ikd.daemon.cli;

import java.util.List;
import org.ikd.daemon.control.Credentials;

/** {@code ikdctl show certs|cas|crls}: one block per credential, as swanctl --list-certs prints them. */
final class CredentialText {
    private CredentialText() {}

    static String certificates(Credentials c) {
        return certs("Certificates", c.certificates());
    }

    static String authorities(Credentials c) {
        return certs("CA certificates", c.authorities());
    }

    static String crls(Credentials c) {
        StringBuilder b = new StringBuilder("CRLs\n");
        if (c.crls().isEmpty()) return b.append("  none\n").toString();
        for (Credentials.Crl r : c.crls()) {
            b.append("  issuer:      ").append(r.issuer()).append('\n');
            b.append("  this update: ").append(r.thisUpdate()).append('\n');
            b.append("  next update: ").append(r.nextUpdate() == null ? "none given" : r.nextUpdate()).append('\n');
            b.append("  revoked:     ").append(r.revoked()).append('\n');
            if (r.file() != null) b.append("  file:        ").append(r.file()).append('\n');
            b.append("  rules:       ").append(String.join(", ", r.rules())).append("\n\n");
        }
        return b.toString();
    }

    private static String certs(String title, List<Credentials.Certificate> list) {
        StringBuilder b = new StringBuilder(title).append('\n');
        if (list.isEmpty()) return b.append("  none\n").toString();
        for (Credentials.Certificate c : list) {
            b.append("  subject:  ").append(c.subject()).append('\n');
            b.append("  issuer:   ").append(c.issuer()).append('\n');
            b.append("  serial:   ").append(c.serial()).append('\n');
            b.append("  validity: ").append(c.notBefore()).append(" .. ").append(c.notAfter())
                    .append(c.daysLeft() < 0 ? " (EXPIRED)" : " (" + c.daysLeft() + " days left)").append('\n');
            b.append("  sha256:   ").append(c.sha256()).append('\n');
            if (c.file() != null) b.append("  file:     ").append(c.file()).append('\n');
            b.append("  rules:    ").append(String.join(", ", c.rules())).append("\n\n");
        }
        return b.toString();
    }
}
