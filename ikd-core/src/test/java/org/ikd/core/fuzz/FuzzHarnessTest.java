package org.ikd.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.ikd.core.ike.IkeCounter;
import org.ikd.core.ike.IkeEvent;
import org.ikd.core.ike.Step;
import org.ikd.core.isakmp.IsakmpMessage;
import org.ikd.core.isakmp.doi.ExchangeType;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The fuzz targets reach what they claim to: their ikd seeds, fed through the targets' own
 * harnesses, make the engines do what a real peer's message would (answer, authenticate the peer,
 * complete a Quick Mode, delete). A harness that encrypted or hashed wrongly would only ever
 * exercise the rejection paths, and these would fail. And the checks catch what they are for.
 */
class FuzzHarnessTest {
    private static final String BEFORE = "EngineBeforeAuthFuzzTestInputs/firstMainModeMessages/";
    private static final String AFTER = "EngineAfterAuthFuzzTestInputs/encryptedExchanges/";

    @Test
    void eachMainModeSeedGetsTheNextMainModeMessage() {
        for (String tag : List.of("ikd-aes128-sha256-ecp256", "ikd-3des-sha1-modp1024"))
            for (int step = 0; step < 4; step++) {
                EngineBeforeAuthFuzzTest.Delivery d = new EngineBeforeAuthFuzzTest().feed(seed(BEFORE + "seed-" + tag + "-step" + step));
                assertEquals(1, d.step().send().size(), tag + " step " + step + ": " + d.step().events());
                IsakmpMessage reply = decodeIfClear(d.step());
                if (reply != null) assertEquals(ExchangeType.MAIN_MODE, reply.header().exchangeType(), tag + " step " + step);
            }
    }

    @Test
    void theMainMode5SeedWithAComputedHashAuthenticatesThePeer() {
        EngineBeforeAuthFuzzTest.Delivery d = new EngineBeforeAuthFuzzTest().feed(seed(BEFORE + "seed-ikd-aes128-sha256-ecp256-step4"));
        assertEquals(1, d.step().events().stream().filter(e -> e instanceof IkeEvent.PhaseOneEstablished).count(),
                d.step().events().toString());
    }

    /** ikd's Quick Mode 1 seed with another nonce and SPI (its HASH(1) recomputed by the harness) is a new Quick Mode. */
    @Test
    void theQuickMode1SeedWithAFreshNonceGetsQuickMode2() {
        byte[] input = seed(AFTER + "seed-ikd-aes128-sha256-ecp256-qm1");
        byte[] chain = java.util.Arrays.copyOfRange(input, 3, input.length);
        RawChain raw = RawChain.walk(input[2] & 0xff, chain);
        byte[] nonce = raw.body(raw.first(org.ikd.core.isakmp.doi.PayloadType.NONCE.value()));
        nonce[0] ^= 0x5a;
        raw = RawChain.walk(input[2] & 0xff, raw.withBody(raw.first(org.ikd.core.isakmp.doi.PayloadType.NONCE.value()), nonce));
        RawChain.Span saSpan = raw.first(org.ikd.core.isakmp.doi.PayloadType.SA.value());
        byte[] sa = raw.body(saSpan);
        sa[8 + 8 + 3] ^= 0x5a;         // the first proposal's SPI: DOI, situation, proposal header (RFC 2408 §3.4-3.5)
        byte[] fresh = raw.withBody(saSpan, sa);
        byte[] changed = java.util.Arrays.copyOf(input, 3 + fresh.length);
        System.arraycopy(fresh, 0, changed, 3, fresh.length);
        Step step = new EngineAfterAuthFuzzTest().feed(changed);
        assertEquals(1, step.send().size(), step.events().toString());
        assertFalse(step.events().stream().anyMatch(e -> e instanceof IkeEvent.NegotiationFailed), step.events().toString());
    }

    /**
     * ikd's own seed is the plaintext of the Quick Mode 1 that set up the harness's pair (the engines'
     * entropy is seeded): under a fresh message ID it is a replay, refused with nothing installed.
     */
    @Test
    void ikdsQuickMode1SeedIsARefusedReplay() {
        Step step = new EngineAfterAuthFuzzTest().feed(seed(AFTER + "seed-ikd-aes128-sha256-ecp256-qm1"));
        assertEquals(0, step.send().size(), step.events().toString());
        assertTrue(step.events().stream().anyMatch(e -> e instanceof IkeEvent.NegotiationFailed f && f.reason().contains("reuses the nonce")),
                step.events().toString());
        assertFalse(step.events().stream().anyMatch(e -> e instanceof IkeEvent.QuickModeEstablished), step.events().toString());
    }

    @Test
    void theQuickMode2And3SeedsCompleteAQuickMode() {
        Step qm2 = new EngineAfterAuthFuzzTest().feed(seed(AFTER + "seed-ikd-aes128-sha256-ecp256-qm2"));
        assertTrue(qm2.events().stream().anyMatch(e -> e instanceof IkeEvent.QuickModeEstablished), "qm2: " + qm2.events());
        // the responder installed its pair when it sent QM#2; HASH(3) only confirms it
        Step qm3 = new EngineAfterAuthFuzzTest().feed(seed(AFTER + "seed-ikd-aes128-sha256-ecp256-qm3"));
        assertTrue(qm3.events().stream().anyMatch(e -> e instanceof IkeEvent.Progress p && p.text().contains("HASH(3)")
                && p.text().endsWith("confirmed")), "qm3: " + qm3.events());
    }

    @Test
    void theDeleteSeedDeletesTheIpsecSa() {
        Step step = new EngineAfterAuthFuzzTest().feed(seed(AFTER + "seed-ikd-aes128-sha256-ecp256-delete"));
        assertTrue(step.events().stream().anyMatch(e -> e instanceof IkeEvent.SaDeleted d && d.by() == IkeEvent.DeletedBy.PEER),
                step.events().toString());
    }

    @Test
    void aDropForAnInternalErrorIsAFinding() {
        var engine = new FuzzPeers().engine(FuzzPeers.B, FuzzPeers.ACCEPTED, 2);
        Step bug = new Step(List.of(), List.of(), List.of(new IkeEvent.PacketDropped(FuzzPeers.endpoint(FuzzPeers.A),
                "internal error: java.lang.NullPointerException")));
        EngineChecks.Before before = EngineChecks.Before.of(engine);
        engine.statistics().increment(IkeCounter.INVALID_PACKETS_RECEIVED);      // counted: only the reason is wrong
        assertThrows(AssertionFailedError.class, () -> EngineChecks.check(engine, before, bug));
    }

    @Test
    void aDropCountedAsAnInternalErrorIsAFinding() {
        var engine = new FuzzPeers().engine(FuzzPeers.B, FuzzPeers.ACCEPTED, 2);
        Step bug = new Step(List.of(), List.of(), List.of(new IkeEvent.PacketDropped(FuzzPeers.endpoint(FuzzPeers.A),
                "PAYLOAD_MALFORMED: a reason")));
        EngineChecks.Before before = EngineChecks.Before.of(engine);
        engine.statistics().increment(IkeCounter.INVALID_PACKETS_RECEIVED);
        engine.statistics().increment(IkeCounter.INTERNAL_ERRORS);               // the reason looks right, the counter tells
        assertThrows(AssertionFailedError.class, () -> EngineChecks.check(engine, before, bug));
    }

    @Test
    void aDropThatNoCounterCountedIsAFinding() {
        var engine = new FuzzPeers().engine(FuzzPeers.B, FuzzPeers.ACCEPTED, 2);
        Step uncounted = new Step(List.of(), List.of(), List.of(new IkeEvent.PacketDropped(FuzzPeers.endpoint(FuzzPeers.A),
                "MALFORMED: a reason")));
        assertThrows(AssertionFailedError.class, () -> EngineChecks.check(engine, EngineChecks.Before.of(engine), uncounted));
    }

    private static IsakmpMessage decodeIfClear(Step step) {
        byte[] m = step.send().get(0).message().toArray();
        return (m[19] & 1) != 0 ? null : IsakmpMessage.decode(ByteBuffer.wrap(m));
    }

    private static byte[] seed(String name) {
        try (InputStream in = FuzzHarnessTest.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no seed " + name + " (scripts/fuzz --seeds writes them)");
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
