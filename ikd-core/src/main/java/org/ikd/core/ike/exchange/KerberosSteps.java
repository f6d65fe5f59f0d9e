package org.ikd.core.ike.exchange;

import java.util.List;
import java.util.function.Supplier;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.ike.CookiePair;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.MessageProtection;
import org.ikd.core.ike.NegotiationFailure;
import org.ikd.core.ike.auth.AuthenticationRejected;
import org.ikd.core.ike.auth.KerberosAuthentication;
import org.ikd.core.ike.auth.PeerAuthentication;
import org.ikd.core.isakmp.ExchangeStep;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.MessageRules;
import org.ikd.core.isakmp.payload.HashPayload;
import org.ikd.core.isakmp.payload.IdentificationPayload;

/**
 * The Kerberos steps that both Main Mode roles share (draft-ietf-ipsec-isakmp-gss-auth-07 §3.2):
 * a GSS-API refusal becomes the negotiation failure the Oakley log names, and the peer's wrapped
 * hash is checked. Confined to the IKE event loop.
 */
final class KerberosSteps {
    private KerberosSteps() {
    }

    /** Runs a GSS-API step; a refusal ends Main Mode at {@code point}, sending {@code answers}. */
    static <T> T run(Supplier<T> step, IkeEvent.FailurePoint point, Bytes... answers) {
        try {
            return step.get();
        } catch (AuthenticationRejected e) {
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, point, e.getMessage(), true, List.of(answers));
        }
    }

    static void perform(Runnable step, IkeEvent.FailurePoint point, Bytes... answers) {
        run(() -> {
            step.run();
            return null;
        }, point, answers);
    }

    /**
     * §3.2 at the initiator, message 6: HASH_R unwraps under the context's key and equals
     * prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b | GSSr tokens); the principal suits the rule.
     */
    static PeerAuthentication checkHashR(KerberosAuthentication gss, Phase1Material m, MessageProtection.Opened opened,
                                         MessageProtection protection, CookiePair c) {
        IsakmpMessage msg = opened.message();
        MessageRules.check(ExchangeStep.MAIN_MODE_6_PSK, msg);
        IdentificationPayload idir = Wire.one(msg, IdentificationPayload.class);
        Bytes hashR = run(() -> gss.unwrap(Wire.one(msg, HashPayload.class).hash()), IkeEvent.FailurePoint.PEER);
        if (!m.hash(protection, c).verifyResponder(idir.encodeBody().concat(gss.peerTokens()), hashR))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.PEER,
                    "Kerberos: HASH_R from " + Identities.describe(idir) + " does not match this exchange", true, List.of());
        String peer = run(gss::peer, IkeEvent.FailurePoint.PEER);
        gss.dispose();
        return PeerAuthentication.kerberos(peer);
    }

    /**
     * §3.2 at the responder, message 5: HASH_I unwraps and equals
     * prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b | GSSi tokens). Returns the peer's ID as logged.
     */
    static String checkHashI(KerberosAuthentication gss, Phase1Material m, IsakmpMessage msg, MessageProtection protection,
                             CookiePair c, Bytes refusal) {
        MessageRules.check(ExchangeStep.MAIN_MODE_5_PSK, msg);
        IdentificationPayload idii = Wire.one(msg, IdentificationPayload.class);
        Bytes hashI = run(() -> gss.unwrap(Wire.one(msg, HashPayload.class).hash()), IkeEvent.FailurePoint.ME, refusal);
        if (!m.hash(protection, c).verifyInitiator(idii.encodeBody().concat(gss.peerTokens()), hashI))
            throw new NegotiationFailure(IkeEvent.Phase.MAIN_MODE, IkeEvent.FailurePoint.ME,
                    "Kerberos: HASH_I from " + Identities.describe(idii) + " does not match this exchange", true, List.of(refusal));
        return Identities.describe(idii);
    }
}
