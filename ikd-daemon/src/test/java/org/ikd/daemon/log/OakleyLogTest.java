package org.ikd.daemon.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ikd.core.crypto.Secret;
import org.junit.jupiter.api.Test;

class OakleyLogTest {
    private final Capture oakley = new Capture(OakleyLog.LOGGER);
    private final Capture journal = new Capture("org.ikd.daemon");
    private final Secret skeyid = Secret.fromHex("00112233445566778899aabbccddeeff00112233");

    @Test
    void writesOneLinePerStepAsPeerExchangeText() {
        OakleyLog log = new OakleyLog(oakley.logger, journal.logger, false);
        log.line("198.18.0.2", "MM#3", "recv HDR*, IDii, HASH_I -> peer authenticated (psk, id 198.18.0.2)");
        log.failure("198.18.0.2", "QM#7", "no proposal chosen: peer offered esp:3des-md5; we accept esp:aes128-sha1");
        assertEquals(List.of("INFO 198.18.0.2 MM#3 recv HDR*, IDii, HASH_I -> peer authenticated (psk, id 198.18.0.2)",
                "WARN 198.18.0.2 QM#7 no proposal chosen: peer offered esp:3des-md5; we accept esp:aes128-sha1"), oakley.lines());
        assertTrue(journal.lines().isEmpty());
    }

    @Test
    void hidesSecretsByDefault() {
        OakleyLog log = new OakleyLog(oakley.logger, journal.logger, false);
        log.line("198.18.0.2", "MM#3", "derived " + log.secret("SKEYID", skeyid));
        assertEquals(List.of("INFO 198.18.0.2 MM#3 derived SKEYID=<hidden, 20 bytes>"), oakley.lines());
        assertFalse(log.showsSecrets());
    }

    @Test
    void showsSecretsOnlyUnderDebugSecretsAfterWarningInBothLogs() {
        OakleyLog log = new OakleyLog(oakley.logger, journal.logger, true);
        log.line("198.18.0.2", "MM#3", "derived " + log.secret("SKEYID", skeyid));
        assertEquals(List.of("WARN " + OakleyLog.SECRETS_WARNING,
                "INFO 198.18.0.2 MM#3 derived SKEYID=00112233445566778899aabbccddeeff00112233"), oakley.lines());
        assertEquals(List.of("WARN " + OakleyLog.SECRETS_WARNING), journal.lines());
    }

    @Test
    void replacesControlCharactersAndDeleteAtEitherEndToo() {
        OakleyLog log = new OakleyLog(oakley.logger, journal.logger, false);
        log.line("198.18.0.2", "MM#1", "\u007fpeer id x\t");
        log.line("198.18.0.2", "MM#1", "plain text stays as it is");
        assertEquals(List.of("INFO 198.18.0.2 MM#1  peer id x ", "INFO 198.18.0.2 MM#1 plain text stays as it is"), oakley.lines());
    }

    @Test
    void cannotBeMadeToStartAForgedLine() {
        OakleyLog log = new OakleyLog(oakley.logger, journal.logger, false);
        log.line("198.18.0.2", null, "id \"x\r\n198.18.0.9 MM#1 peer authenticated\"");
        assertEquals(List.of("INFO 198.18.0.2 - id \"x  198.18.0.9 MM#1 peer authenticated\""), oakley.lines());
    }
}
