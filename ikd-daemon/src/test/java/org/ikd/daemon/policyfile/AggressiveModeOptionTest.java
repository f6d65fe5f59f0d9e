package org.ikd.daemon.policyfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ikd.core.policy.Identity;
import org.ikd.core.policy.NegotiationOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aggressive = true} (RFC 2409 §5.4) and {@code group:} KEY_ID names (RFC 2407 §4.6.2.1). */
class AggressiveModeOptionTest {
    @TempDir
    Path dir;
    PolicyFiles files;

    @BeforeEach
    void keys() throws Exception {
        files = new PolicyFiles(dir);
        files.psk("peer-b.psk", "peer b key\n");
    }

    private static String rule(String extra) {
        return PolicyFiles.negotiateRule("{ psk-file = \"peer-b.psk\" }") + extra;
    }

    @Test
    void readsAggressiveWithAGroupNameAsKeyIdOfItsAsciiOctets() throws Exception {
        ParsedPolicy p = files.parse(rule("aggressive = true\nlocal-id = \"group:vpngroup\"\npeer-id = \"fqdn:gw.example\"\n"));
        NegotiationOptions o = p.policy().rules().get(0).options();
        assertTrue(o.aggressive());
        assertEquals(new Identity(Identity.Type.KEY_ID, "76706e67726f7570"), o.localId(), "'vpngroup' in US-ASCII: v p n g r o u p");
        assertEquals(new Identity(Identity.Type.FQDN, "gw.example"), o.peerId());
    }

    @Test
    void warnsThatTheKeyCanBeCrackedOffline() throws Exception {
        ParsedPolicy p = files.parse(rule("aggressive = true\n"));
        assertTrue(p.warnings().toString().contains("cracked offline"), p.warnings().toString());
    }

    @Test
    void mainModeByDefaultWithoutTheWarning() throws Exception {
        ParsedPolicy p = files.parse(rule(""));
        assertFalse(p.policy().rules().get(0).options().aggressive());
        assertFalse(p.warnings().toString().contains("Aggressive"), p.warnings().toString());
    }

    @Test
    void refusesAggressiveModeWithCertificatesOnly() {
        new PkiFiles().writeTo(files);
        String policy = PolicyFiles.negotiateRule("{ certificate = \"host.pem\", key = \"host.key\", ca = [\"ca.pem\"] }") + "aggressive = true\n";
        Exception e = assertThrows(Exception.class, () -> files.parse(policy));
        assertTrue(e.getMessage().contains("asks for Aggressive Mode but has no pre-shared key"), e.getMessage());
    }

    @Test
    void refusesAnEmptyGroupName() {
        Exception e = assertThrows(Exception.class, () -> files.parse(rule("aggressive = true\npeer-id = \"group:\"\n")));
        assertTrue(e.getMessage().contains("group name"), e.getMessage());
    }
}
