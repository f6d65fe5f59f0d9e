package org.ikd.daemon.kerberos;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.MessageProp;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.gss.GssContext;
import org.ikd.core.gss.GssFailure;

/**
 * A JGSS security context (RFC 2853) behind core's {@link GssContext}. After the context exists no
 * call talks to a KDC: AP-REQ processing, AP-REP and GSS_Wrap use the keys it holds. Confined to
 * the IKE event loop.
 */
final class JgssContext implements GssContext {
    private final GSSContext context;

    JgssContext(GSSContext context) {
        this.context = context;
    }

    @Override
    public Bytes step(Bytes token) throws GssFailure {
        byte[] in = token.toArray();
        try {
            byte[] out = context.isInitiator() ? context.initSecContext(in, 0, in.length) : context.acceptSecContext(in, 0, in.length);
            return out == null ? Bytes.EMPTY : Bytes.of(out);
        } catch (GSSException e) {
            throw failure(e);
        } catch (RuntimeException e) {              // a hostile token must not escape as anything but a refusal
            throw malformed(e);
        }
    }

    @Override
    public boolean established() {
        return context.isEstablished();
    }

    @Override
    public String peer() {
        try {
            return (context.isInitiator() ? context.getTargName() : context.getSrcName()).toString();
        } catch (GSSException e) {
            return "(unnamed: " + describe(e) + ")";
        }
    }

    @Override
    public Bytes wrap(Bytes message) throws GssFailure {
        byte[] m = message.toArray();
        try {
            return Bytes.of(context.wrap(m, 0, m.length, new MessageProp(0, true)));
        } catch (GSSException e) {
            throw failure(e);
        }
    }

    @Override
    public Bytes unwrap(Bytes token) throws GssFailure {
        byte[] t = token.toArray();
        try {
            return Bytes.of(context.unwrap(t, 0, t.length, new MessageProp(0, false)));
        } catch (GSSException e) {
            throw failure(e);
        } catch (RuntimeException e) {
            throw malformed(e);
        }
    }

    @Override
    public void dispose() {
        try {
            context.dispose();
        } catch (GSSException e) {
            // nothing left to free: the keys go with the object
        }
    }

    private static GssFailure malformed(RuntimeException e) {
        return new GssFailure("malformed token (" + e.getClass().getSimpleName() + ")");
    }

    static GssFailure failure(GSSException e) {
        return new GssFailure(describe(e));
    }

    /** The Kerberos reason when the mechanism gave one (e.g. {@code Clock skew too great (37)}), else the GSS-API's. */
    static String describe(GSSException e) {
        String minor = e.getMinorString();
        return minor != null && !minor.isBlank() ? minor : e.getMajorString();
    }
}
