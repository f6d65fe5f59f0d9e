package org.ikd.daemon.kerberos;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A JAAS login from a keytab with the JDK's Krb5LoginModule, configured here rather than in a
 * global JAAS file: never a prompt, never a ticket cache. As an acceptor it only reads the keys
 * (no KDC); as an initiator it also asks the KDC for a ticket-granting ticket (RFC 4120 §3.1), which
 * blocks up to krb5.conf's {@code kdc_timeout} x {@code max_retries} per KDC: call it off the IKE event loop.
 */
final class KeytabLogin extends Configuration {
    private static final String MODULE = "com.sun.security.auth.module.Krb5LoginModule";
    private static final String NAME = "ikd-kerberos";

    private final Path keytab;
    private final String principal;
    private final boolean initiator;
    private final boolean refreshConfig;

    private KeytabLogin(Path keytab, String principal, boolean initiator, boolean refreshConfig) {
        this.keytab = keytab;
        this.principal = principal;
        this.initiator = initiator;
        this.refreshConfig = refreshConfig;
    }

    /** A subject holding {@code principal}'s keys from {@code keytab} and, as initiator, its TGT. */
    static Subject login(Path keytab, String principal, boolean initiator, boolean refreshConfig) throws LoginException {
        Subject subject = new Subject();
        new LoginContext(NAME, subject, null, new KeytabLogin(keytab, principal, initiator, refreshConfig)).login();
        return subject;
    }

    @Override
    public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        Map<String, String> o = new HashMap<>();
        o.put("useKeyTab", "true");
        o.put("keyTab", keytab.toString());
        o.put("principal", principal);
        o.put("storeKey", "true");
        o.put("doNotPrompt", "true");
        o.put("useTicketCache", "false");
        o.put("isInitiator", Boolean.toString(initiator));
        if (refreshConfig) o.put("refreshKrb5Config", "true");
        return new AppConfigurationEntry[] {
            new AppConfigurationEntry(MODULE, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, o)};
    }
}
