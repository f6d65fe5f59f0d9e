package org.ikd.daemon.kerberos;

import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.LoginException;
import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.gss.GssContext;
import org.ikd.core.gss.GssCredentials;
import org.ikd.core.gss.GssFailure;

/**
 * A host principal's Kerberos credentials from a keytab, through JGSS (RFC 2853, the Kerberos
 * mechanism of RFC 4121):
 * <ol>
 * <li>as acceptor, the keys read from the keytab at policy load (no KDC): an AP-REQ is checked
 *     against them, the authenticator's time against krb5.conf's {@code clockskew} (RFC 4120 §3.2.3);
 * <li>as initiator, a TGT and a service ticket per peer principal, fetched by {@link Tickets} on
 *     its own thread and renewed before they expire; {@link #initiate} only uses them, so the IKE
 *     event loop never waits for a KDC. Without a ticket it fails at once with the KDC's last
 *     answer (or "asking the KDC") and asks for a fetch.
 * </ol>
 * {@code initiate} and {@code accept} are called on the IKE event loop; the subjects are swapped whole.
 */
public final class JgssCredentials implements GssCredentials {
    static final Oid KRB5 = oid("1.2.840.113554.1.2.2");                  // RFC 1964 §1
    static final Oid KRB5_PRINCIPAL = oid("1.2.840.113554.1.2.2.1");      // RFC 1964 §2.1.1

    private final Path keytab;
    private final String principal;
    private final boolean refreshConfig;
    private final Subject acceptor;
    private final Set<String> targets = ConcurrentHashMap.newKeySet();
    private final Tickets tickets;
    private volatile Subject initiator;
    private volatile String lastFailure = "asking the KDC for a ticket";

    private JgssCredentials(Path keytab, String principal, boolean refreshConfig, Subject acceptor) {
        this.keytab = keytab;
        this.principal = principal;
        this.refreshConfig = refreshConfig;
        this.acceptor = acceptor;
        this.tickets = new Tickets(this);
    }

    /**
     * Reads {@code principal}'s keys from {@code keytab} now and starts fetching tickets for {@code target}
     * (null: this method only answers). {@code krb5Conf} (null: the JDK's default, /etc/krb5.conf) names the KDCs.
     */
    public static JgssCredentials open(Path keytab, String principal, String target, Path krb5Conf) throws LoginException {
        if (krb5Conf != null) System.setProperty("java.security.krb5.conf", krb5Conf.toString());
        Subject acceptor = KeytabLogin.login(keytab, principal, false, krb5Conf != null);
        javax.security.auth.kerberos.KerberosPrincipal self = new javax.security.auth.kerberos.KerberosPrincipal(principal);
        if (acceptor.getPrivateCredentials(javax.security.auth.kerberos.KeyTab.class).stream().noneMatch(k -> k.getKeys(self).length > 0))
            throw new LoginException("it holds no key of " + principal);     // an acceptor login reads no key yet
        JgssCredentials c = new JgssCredentials(keytab, principal, krb5Conf != null, acceptor);
        if (target != null) {
            c.targets.add(target);
            c.tickets.fetchSoon();
        }
        return c;
    }

    @Override
    public String principal() {
        return principal;
    }

    @Override
    public Initiated initiate(String target) throws GssFailure {
        Subject s = initiator;
        if (targets.add(target) || s == null || !hasTicket(s, target)) {
            tickets.fetchSoon();
            throw new GssFailure(lastFailure);
        }
        return run(s, () -> {
            GSSContext context = initiatorContext(target);
            byte[] token = context.initSecContext(new byte[0], 0, 0);
            return new Initiated(new JgssContext(context), Bytes.of(token));
        });
    }

    @Override
    public GssContext accept() throws GssFailure {
        return run(acceptor, () -> {
            GSSManager m = GSSManager.getInstance();
            GSSCredential ours = m.createCredential(m.createName(principal, KRB5_PRINCIPAL), GSSCredential.INDEFINITE_LIFETIME,
                    KRB5, GSSCredential.ACCEPT_ONLY);
            return new JgssContext(m.createContext(ours));
        });
    }

    /** On the ticket thread: a fresh login (TGT) and a service ticket per target; the subject is swapped whole. */
    void fetch() throws LoginException, GSSException {
        Subject s = KeytabLogin.login(keytab, principal, true, refreshConfig);
        for (String target : targets) {
            try {
                Subject.doAs(s, (PrivilegedExceptionAction<Void>) () -> {
                    GSSContext probe = initiatorContext(target);       // JGSS keeps the service ticket in the subject
                    probe.initSecContext(new byte[0], 0, 0);
                    probe.dispose();
                    return null;
                });
            } catch (PrivilegedActionException e) {
                throw e.getException() instanceof GSSException g ? g : new GSSException(GSSException.FAILURE, -1, e.getMessage());
            }
        }
        initiator = s;
    }

    void failed(String why) {
        lastFailure = why;
    }

    Subject initiatorSubject() {
        return initiator;
    }

    Set<String> targets() {
        return targets;
    }

    private GSSContext initiatorContext(String target) throws GSSException {
        GSSManager m = GSSManager.getInstance();
        GSSCredential ours = m.createCredential(m.createName(principal, KRB5_PRINCIPAL), GSSCredential.DEFAULT_LIFETIME,
                KRB5, GSSCredential.INITIATE_ONLY);
        GSSContext context = m.createContext(m.createName(target, KRB5_PRINCIPAL), KRB5, ours, GSSContext.DEFAULT_LIFETIME);
        context.requestMutualAuth(true);                  // the AP-REP that message 4 carries
        context.requestConf(true);
        context.requestInteg(true);
        return context;
    }

    static boolean hasTicket(Subject s, String target) {
        for (KerberosTicket t : s.getPrivateCredentials(KerberosTicket.class))
            if (t.getServer().getName().equals(target) && t.isCurrent()) return true;
        return false;
    }

    private interface GssAction<T> {
        T run() throws GSSException;
    }

    private static <T> T run(Subject s, GssAction<T> action) throws GssFailure {
        try {
            return Subject.doAs(s, (PrivilegedExceptionAction<T>) action::run);
        } catch (PrivilegedActionException e) {
            if (e.getException() instanceof GSSException g) throw JgssContext.failure(g);
            throw new GssFailure(String.valueOf(e.getException().getMessage()));
        }
    }

    private static Oid oid(String dotted) {
        try {
            return new Oid(dotted);
        } catch (GSSException e) {
            throw new IllegalStateException(dotted, e);
        }
    }

    @Override
    public String toString() {
        return "kerberos " + principal + " (" + keytab + ")";
    }
}
