package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire form documented in docs/operations.md ("Control socket protocol"). */
class ControlJsonTest {
    @Test
    void writesRequestsWithTheDocumentedNames() {
        assertEquals("{\"command\":\"delete\",\"rule\":null,\"kind\":\"qm\",\"id\":7,\"policy\":null,\"peer\":null,\"events\":null,\"level\":null,\"password\":null}",
                ControlJson.compact(ControlRequest.delete(ControlRequest.SaKind.QM, 7)));
        assertEquals("{\"command\":\"show-mm\",\"rule\":null,\"kind\":null,\"id\":null,\"policy\":null,\"peer\":null,\"events\":null,\"level\":null,\"password\":null}",
                ControlJson.compact(ControlRequest.of(ControlRequest.Command.SHOW_MM)));
    }

    @Test
    void readsAHandWrittenRequest() {
        ControlRequest r = ControlJson.parse("{\"command\":\"initiate\",\"rule\":\"hosts\"}", ControlRequest.class);
        assertEquals(ControlRequest.initiate("hosts"), r);
    }

    @Test
    void writesFailuresWithTheDocumentedErrorNames() {
        assertEquals("{\"ok\":false,\"result\":null,\"error\":\"not-running\",\"message\":\"m\"}",
                ControlJson.compact(ControlResponse.failure(ErrorCode.NOT_RUNNING, "m")));
    }

    @Test
    void carriesADynamicRuleBothWays() {
        DynamicRule rule = new DynamicRule("lab2", List.of(new DynamicRule.FilterSpec("me", "198.18.1.0/24", "tcp", null, 22, true)),
                "negotiate", List.of("esp:aes128-sha1"), 1800L, null, "modp2048", false, true, "/etc/ikd/lab2.psk", null);
        assertEquals(rule, ControlJson.parse(ControlJson.compact(ControlRequest.addRule(rule)), ControlRequest.class).policy());
    }
}
