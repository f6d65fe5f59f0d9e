package org.ikd.it.frag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ikd.core.crypto.Bytes;
import org.ikd.core.isakmp.IsakmpHeader;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.ikd.core.isakmp.payload.ProposalPayload;
import org.ikd.core.isakmp.payload.SecurityAssociationPayload;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.PolicyToml;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * IP-fragmented IKE (issue 13): host B sends a 3.8 kB Main Mode 1 ({@link LargeMainModeOne}) over the
 * 1500-byte veth, so B's kernel cuts it into three IP fragments (RFC 791 §2.3; RFC 8200 §4.5 for
 * IPv6, where the sending host fragments). ikd on host A protects B (a negotiate rule for all of B's
 * traffic, so ikd's nftables table drops B's cleartext) and must still answer with Main Mode 2.
 * <pre>
 * B: HDR, SA (109 transforms) -->   as 3 IP fragments, reassembled by A's stack
 *                             <--   HDR, SA (the one transform chosen)       ikd on A
 * </pre>
 * And what the fragments' exemption must not do: the same 3.8 kB sent in cleartext to another port
 * of A's never reaches the socket there (an exemption that also took first fragments fails here).
 * No conntrack in A, the case where ikd's prerouting chain sees raw fragments: the namespaces are
 * ours and fresh, the test checks that no rule in A uses conntrack, that A's conntrack table stayed
 * empty, and that a counting chain of its own, after the hook priority of nf_defrag (-400) and
 * before ikd's (-300), saw the fragments one by one ({@link FragmentLab}).
 */
class FragmentedIkeIT {
    /** ikd answers a Main Mode 1 in milliseconds; this only bounds a failure. */
    static final Duration ANSWER = Duration.ofSeconds(15);
    /** A port of A's that no rule exempts. */
    static final int CLEARTEXT_PORT = 9_000;

    @BeforeEach
    void rootAndNft() throws Exception {
        assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[1].equals("0")), "needs root (namespaces, TUN, nftables)");
        assumeTrue(Command.available("nft"), "needs nft (.ci/run installs it)");
    }

    @Test
    void answersAMainModeOneThatArrivesInIpv4Fragments() throws Exception {
        answersFragmentedMainModeOne(FragmentLab.Family.IPV4);
    }

    @Test
    void answersAMainModeOneThatArrivesInIpv6Fragments() throws Exception {
        answersFragmentedMainModeOne(FragmentLab.Family.IPV6);
    }

    private void answersFragmentedMainModeOne(FragmentLab.Family family) throws Exception {
        LargeMainModeOne mm1 = LargeMainModeOne.create();
        // RFC 2408 §3.1, §3.4-3.6: header 28, SA 4+8, proposal 4+4, 36 3DES transforms of 4+4+6*4, 73 AES ones of 4+4+7*4
        assertEquals(28 + 12 + 8 + 36 * 32 + 73 * 36, mm1.datagram().length);
        try (FragmentLab lab = FragmentLab.start(family)) {
            assertTrue(lab.ikdDropsPeer(), () -> lab.diagnostics("ikd's table has no drop rule for " + family.b()));
            byte[] reply = lab.sendFromPeer(mm1.datagram(), 500, ANSWER);
            // 3828 bytes of IKE + 8 of UDP in 1480-byte (IPv4) or 1448-byte (IPv6) slices: 3 fragments
            long fragments = lab.nonFirstFragments();
            assertEquals(2, fragments, () -> lab.diagnostics("A's counting chain saw " + fragments + " non-first fragments, expected 2"));
            assertNotNull(reply, () -> lab.diagnostics("ikd did not answer the fragmented Main Mode 1 within " + ANSWER));
            mainModeTwo(mm1, reply);
            String line = lab.awaitOakley("MM#1 recv HDR, SA -> chose " + PolicyToml.MAIN_MODE, ANSWER);
            assertNotNull(line, () -> lab.diagnostics("no MM#1 in ikd's Oakley log"));
            lab.assertNoConntrack();
            System.out.println(family + ": " + line + "\n" + lab.ruleset());     // the record of what ikd installed
        }
    }

    @Test
    void dropsAnIpv4FragmentedDatagramOfTheProtectedPeerToAnotherPort() throws Exception {
        dropsFragmentedCleartext(FragmentLab.Family.IPV4);
    }

    @Test
    void dropsAnIpv6FragmentedDatagramOfTheProtectedPeerToAnotherPort() throws Exception {
        dropsFragmentedCleartext(FragmentLab.Family.IPV6);
    }

    /**
     * The fragments after the first pass ikd's table, but the first, with the UDP header, meets B's
     * drop rule: A's stack never completes the datagram and discards the rest when reassembly times
     * out, so A's socket on that port receives nothing.
     */
    private void dropsFragmentedCleartext(FragmentLab.Family family) throws Exception {
        byte[] cleartext = new byte[LargeMainModeOne.create().datagram().length];
        try (FragmentLab lab = FragmentLab.start(family); DatagramChannel socket = lab.openInA(CLEARTEXT_PORT)) {
            lab.shortenReassemblyTimeout();
            long timeouts = lab.reassemblyTimeouts();
            lab.sendFromPeer(cleartext, CLEARTEXT_PORT, Duration.ZERO);                 // no answer awaited
            FragmentLab.Fate fate = lab.awaitFate(socket, timeouts, ANSWER);
            assertEquals(0, fate.delivered(), () -> lab.diagnostics("B's cleartext reached A's socket: " + fate.delivered() + " bytes"));
            assertEquals(2, lab.nonFirstFragments(), () -> lab.diagnostics("A's counting chain saw other than B's 2 non-first fragments"));
            assertTrue(fate.expired(), () -> lab.diagnostics("A's reassembly did not time out within " + ANSWER));
            lab.assertNoConntrack();
        }
    }

    /** RFC 2409 §5: HDR, SA with the responder's cookie and the one transform chosen, echoed unchanged. */
    private static void mainModeTwo(LargeMainModeOne mm1, byte[] reply) {
        IsakmpMessage mm2 = IsakmpMessage.decode(ByteBuffer.wrap(reply));
        IsakmpHeader h = mm2.header();
        assertEquals(ExchangeType.MAIN_MODE, h.exchangeType());
        assertEquals(mm1.initiatorCookie(), h.initiatorCookie(), "MM2 answers our cookie");
        assertNotEquals(Bytes.of(new byte[IsakmpHeader.COOKIE_LENGTH]), h.responderCookie(), "RFC 2408 §3.1: a responder cookie");
        assertEquals(0, h.messageId());
        SecurityAssociationPayload sa = assertInstanceOf(SecurityAssociationPayload.class, mm2.payloads().get(0), "MM2 starts with SA");
        assertEquals(1, sa.proposals().size(), "one proposal: " + sa);
        ProposalPayload p = sa.proposals().get(0);
        assertEquals(List.of(mm1.acceptable()), p.transforms(), "the only acceptable transform, as offered");
    }
}
