package org.ikd.it.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.PairRegistry;
import org.ikd.core.ike.IsakmpSa;
import org.ikd.core.sa.IpsecProtocol;
import org.ikd.core.sa.IpsecSaSpec;
import org.ikd.core.sa.Mode;

/**
 * The pass criterion of an interop cell: charon's IKE SA and CHILD SA (from {@code swanctl --list-sas})
 * agree with what ikd reported (PhaseOneEstablished, QuickModeEstablished, its ISAKMP SA table) and
 * both agree with the matrix row: cookies, SPIs in both directions, algorithms, DH groups, the float
 * to UDP 4500 and UDP-encapsulated tunnel mode.
 */
record SaAgreement(InteropLab lab, SwanctlSas.IkeSa charon) {
    static final Duration NEGOTIATION = Duration.ofSeconds(20);
    static final Duration CHARON_CATCHES_UP = Duration.ofSeconds(10);

    /**
     * Waits (bounded) for ikd's Quick Mode and for charon's INSTALLED CHILD SA, then checks that they
     * agree with each other, with ikd's SA registry and with row {@code p}.
     */
    static void established(InteropLab lab, InteropProposal p, boolean ikdInitiated) throws Exception {
        IkeEvent.QuickModeEstablished qm = lab.ikd.await(IkeEvent.QuickModeEstablished.class, e -> true, NEGOTIATION);
        assertNotNull(qm, () -> lab.diagnostics("ikd reported no QuickModeEstablished within " + NEGOTIATION.toSeconds() + " s"));
        IkeEvent.PhaseOneEstablished mm = lab.ikd.await(IkeEvent.PhaseOneEstablished.class, e -> true, Duration.ZERO);
        assertNotNull(mm, () -> lab.diagnostics("ikd reported a Quick Mode but no Main Mode"));
        SwanctlSas sas = lab.awaitCharon(s -> installed(s) != null, CHARON_CATCHES_UP,
                "an ESTABLISHED IKE SA with an INSTALLED CHILD SA");
        SaAgreement check = new SaAgreement(lab, installed(sas));
        check.ikeSa(p, ikdInitiated, mm);
        check.childSa(p, qm);
        List<PairRegistry.Entry> registry = lab.ikd.ipsecSas();
        assertEquals(1, registry.size(), () -> lab.diagnostics("ikd's SA registry: " + registry));
        assertEquals(qm.pair().id(), registry.get(0).pair().id(), "the registry holds the pair of the event");
        assertEquals(InteropLab.CHARON, registry.get(0).peer());
    }

    /** charon's one ESTABLISHED IKE SA with an INSTALLED CHILD SA, or null (a failed half-open one may linger). */
    static SwanctlSas.IkeSa installed(SwanctlSas sas) {
        List<SwanctlSas.IkeSa> up = sas.ikeSas().stream().filter(i -> "ESTABLISHED".equals(i.get("state"))
                && i.children().stream().anyMatch(c -> "INSTALLED".equals(c.get("state")))).toList();
        return up.size() == 1 ? up.get(0) : null;
    }

    void ikeSa(InteropProposal p, boolean ikdInitiated, IkeEvent.PhaseOneEstablished mm) throws Exception {
        String why = lab.diagnostics("charon's IKE SA: " + charon);
        assertEquals("ESTABLISHED", charon.get("state"), why);
        assertEquals("1", charon.get("version"), why);
        InteropProposal.Expected x = p.expected;
        assertEquals(x.ikeEncryption(), charon.get("encr-alg"), why);
        assertEquals(x.ikeKeySize(), charon.get("encr-keysize"), why);
        assertEquals(x.ikeIntegrity(), charon.get("integ-alg"), why);
        assertEquals(x.ikePrf(), charon.get("prf-alg"), why);
        assertEquals(x.ikeGroup(), charon.get("dh-group"), why);
        // ikd's own report of the Main Mode method (typed, issue 15), translated to strongSwan's names
        assertEquals(p.mainMode, mm.method(), "ikd's PhaseOneEstablished: " + mm);
        assertEquals(StrongSwanNames.cipher(p.mainMode.cipher()), charon.get("encr-alg"), why);
        assertEquals(StrongSwanNames.integrity(p.mainMode.hash()), charon.get("integ-alg"), why);
        assertEquals(StrongSwanNames.prf(p.mainMode.hash()), charon.get("prf-alg"), why);
        assertEquals(StrongSwanNames.group(p.mainMode.group()), charon.get("dh-group"), why);
        assertTrue(mm.summary().contains("NAT-T"), "ikd's Main Mode used NAT-T: " + mm);
        // the same ISAKMP SA on both sides, floated to UDP 4500 (RFC 3947 §4)
        assertEquals(String.format("%016x", mm.cookies().initiator()), charon.get("initiator-spi"), why);
        assertEquals(String.format("%016x", mm.cookies().responder()), charon.get("responder-spi"), why);
        assertEquals("4500", charon.get("local-port"), why);
        assertEquals("4500", charon.get("remote-port"), why);
        assertEquals("yes", charon.get("nat-any"), why + " (ikd forces encapsulation with a fake NAT-D hash)");
        assertEquals(ikdInitiated ? IsakmpSa.Role.INITIATOR : IsakmpSa.Role.RESPONDER, mm.role());
        assertEquals(ikdInitiated ? null : "yes", charon.get("initiator"), why);
        List<IsakmpSa> ikdSas = lab.ikd.onEventLoop(e -> e.isakmpSas());
        assertEquals(1, ikdSas.size(), "ikd's ISAKMP SAs: " + ikdSas);
        IsakmpSa ours = ikdSas.get(0);
        assertEquals(IsakmpSa.State.ESTABLISHED, ours.state());
        assertTrue(ours.natTraversal(), "ikd's ISAKMP SA floated: " + ours);
        assertEquals(4500, ours.local().getPort(), ours.toString());
        assertEquals(4500, ours.remote().getPort(), ours.toString());
    }

    void childSa(InteropProposal p, IkeEvent.QuickModeEstablished qm) {
        assertEquals(1, charon.children().size(), lab.diagnostics("charon's CHILD SAs: " + charon.children()));
        SwanctlSas.ChildSa child = charon.children().get(0);
        String why = lab.diagnostics("charon's CHILD SA: " + child + "\nikd's pair: " + qm.pair().inbound() + " / " + qm.pair().outbound());
        assertEquals("INSTALLED", child.get("state"), why);
        assertEquals("ESP", child.get("protocol"), why);
        assertEquals("TUNNEL", child.get("mode"), why);
        assertEquals("yes", child.get("encap"), why);
        IpsecSaSpec in = only(qm.pair().inbound().sas());
        IpsecSaSpec out = only(qm.pair().outbound().sas());
        // charon's inbound SA is ikd's outbound one, and the other way round
        assertEquals(out.spi().toString(), child.get("spi-in"), why);
        assertEquals(in.spi().toString(), child.get("spi-out"), why);
        InteropProposal.Expected x = p.expected;
        assertEquals(x.espEncryption(), child.get("encr-alg"), why);
        assertEquals(x.espKeySize(), child.get("encr-keysize"), why);
        assertEquals(x.espIntegrity(), child.get("integ-alg"), why);
        assertEquals(x.pfsGroup(), child.get("dh-group"), why);
        for (IpsecSaSpec s : List.of(in, out)) {
            assertEquals(IpsecProtocol.ESP, s.protocol(), s.toString());
            assertEquals(Mode.TUNNEL, s.mode(), s.toString());
            assertEquals(StrongSwanNames.cipher(s.cipher()), child.get("encr-alg"), why);
            if (s.cipher().variableKeyLength())
                assertEquals(Integer.toString(s.cipherKeyBits()), child.get("encr-keysize"), why);
            assertEquals(s.integrity() == null ? null : StrongSwanNames.integrity(s.integrity()), child.get("integ-alg"), why);
            assertNotNull(s.natTraversal(), "ikd's SA is UDP-encapsulated (RFC 3948): " + s);
            assertEquals(4500, s.natTraversal().localPort(), s.toString());
            assertEquals(4500, s.natTraversal().remotePort(), s.toString());
        }
        assertEquals(InteropLab.IKD, out.source());
        assertEquals(InteropLab.CHARON, out.destination());
        assertEquals(InteropLab.flow(), out.selector(), "ikd's outbound selector");
        assertEquals("198.19.2.0/24", child.get("local-ts"), why);
        assertEquals("198.19.1.0/24", child.get("remote-ts"), why);
    }

    private static IpsecSaSpec only(List<IpsecSaSpec> sas) {
        assertEquals(1, sas.size(), "one ESP SA per direction: " + sas);
        return sas.get(0);
    }
}
