package org.ikd.core.ike.auth;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.gss.GssContext;
import org.ikd.core.gss.GssCredentials;
import org.ikd.core.gss.GssFailure;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.Policy;
import org.ikd.core.policy.Rule;

/**
 * One Main Mode's side of the GSS-API authentication of draft-ietf-ipsec-isakmp-gss-auth-07 with
 * Kerberos (method 65001), as ipsec-tools' racoon implements it (after draft -06; its sources are the
 * one implementation we could read). racoon may also put its GSS-API endpoint name in an SA
 * attribute (16384, private use) and knows the vendor IDs MD5("GSSAPI") and MD5("MS NT5
 * ISAKMPOAKLEY") of Windows 2000; ikd sends none of them and ignores the attribute (the
 * principal it checks is the one Kerberos authenticated). Untested against Windows:
 * <ol>
 * <li>message 3 carries the initiator's first token (the AP-REQ), message 4 the acceptor's answer
 *     (the AP-REP, mutual authentication); both contexts are then established. A mechanism that
 *     wants more round trips (the draft lets messages 5 and 6 carry them) is refused: Kerberos
 *     never does;
 * <li>§3.1: SKEYID = prf(Ni_b | Nr_b, g^xy), as with signatures;
 * <li>§3.2: HASH_I and HASH_R are RFC 2409's, with every token the sender produced appended to the
 *     hashed data, and the HASH payload carries them wrapped by the context (GSS_Wrap): only the
 *     holder of the context's session key can make or read them, which binds the Kerberos
 *     authentication to this Diffie-Hellman exchange.
 * </ol>
 * The peer's identity is the principal the context authenticated, checked against the rule's
 * {@code peer} (an exact principal or {@code @REALM}). Every GSS-API failure becomes an
 * {@link AuthenticationRejected} whose message names the mechanism's reason. Confined to the IKE
 * event loop; holds the context until {@link #dispose}.
 */
public final class KerberosAuthentication {
    private final AuthenticationMethod.Kerberos method;
    private final List<Bytes> sent = new ArrayList<>();
    private final List<Bytes> received = new ArrayList<>();
    private GssContext context;

    public KerberosAuthentication(AuthenticationMethod.Kerberos method) {
        this.method = method;
    }

    /** The first Kerberos method of the rules that may negotiate with {@code peer}, if any. */
    public static Optional<KerberosAuthentication> forPeer(Policy policy, InetAddress peer) {
        for (Rule r : RulePreSharedKeys.rulesFor(policy, peer))
            for (AuthenticationMethod m : r.authentication())
                if (m instanceof AuthenticationMethod.Kerberos k) return Optional.of(new KerberosAuthentication(k));
        return Optional.empty();
    }

    public AuthenticationMethod.Kerberos method() {
        return method;
    }

    /** Initiator, message 3: a context towards the rule's peer principal and its first token. */
    public Bytes initiate() {
        String target = method.target().orElseThrow(() -> new AuthenticationRejected("Kerberos: the rule accepts any peer of "
                + method.peer() + "; an initiator needs the peer's principal (peer = \"host/name" + method.peer() + "\")"));
        try {
            GssCredentials.Initiated started = method.credentials().initiate(target);
            context = started.context();
            return sentToken(started.token());
        } catch (GssFailure e) {
            throw rejected("no ticket for " + target, e);
        }
    }

    /** Responder, message 3: accepts the initiator's token and returns the answer for message 4. */
    public Bytes accept(Bytes token) {
        received.add(token);
        try {
            context = method.credentials().accept();
            Bytes reply = context.step(token);
            requireEstablished();
            if (reply.isEmpty()) throw new AuthenticationRejected("Kerberos: the peer asked for no mutual authentication");
            return sentToken(reply);
        } catch (GssFailure e) {
            throw rejected("the peer's AP-REQ does not authenticate it", e);
        }
    }

    /** Initiator, message 4: the acceptor's answer completes the context. */
    public void complete(Bytes token) {
        received.add(token);
        try {
            Bytes more = context.step(token);
            requireEstablished();
            if (!more.isEmpty()) throw new AuthenticationRejected("Kerberos: the context wants a third token");
        } catch (GssFailure e) {
            throw rejected("the peer's AP-REP does not authenticate it", e);
        }
    }

    /** The authenticated peer principal, if the rule accepts it. */
    public String peer() {
        String name = context.peer();
        if (!method.acceptsPeer(name))
            throw new AuthenticationRejected("Kerberos: the peer authenticated as " + name + ", but the rule accepts "
                    + (method.peer().startsWith("@") ? "principals of " + method.peer().substring(1) : "only " + method.peer()));
        return name;
    }

    /** §3.2: what our HASH_I/HASH_R covers after the ID payload body: the tokens we sent. */
    public Bytes ourTokens() {
        return Bytes.concat(sent.toArray(Bytes[]::new));
    }

    /** §3.2: what the peer's hash covers after its ID payload body: the tokens it sent. */
    public Bytes peerTokens() {
        return Bytes.concat(received.toArray(Bytes[]::new));
    }

    /** The HASH payload's data for our {@code hash}: GSS_Wrap of it. */
    public Bytes wrap(Bytes hash) {
        try {
            return context.wrap(hash);
        } catch (GssFailure e) {
            throw rejected("cannot wrap our hash", e);
        }
    }

    /** The hash the peer wrapped into its HASH payload. */
    public Bytes unwrap(Bytes data) {
        try {
            return context.unwrap(data);
        } catch (GssFailure e) {
            throw rejected("the peer's HASH payload does not unwrap under the Kerberos session key", e);
        }
    }

    public void dispose() {
        if (context != null) context.dispose();
    }

    private Bytes sentToken(Bytes token) {
        sent.add(token);
        return token;
    }

    private void requireEstablished() {
        if (!context.established())
            throw new AuthenticationRejected("Kerberos: the GSS-API wants more round trips than Main Mode messages 3 and 4");
    }

    private static AuthenticationRejected rejected(String what, GssFailure e) {
        return new AuthenticationRejected("Kerberos: " + what + ": " + e.getMessage());
    }
}
