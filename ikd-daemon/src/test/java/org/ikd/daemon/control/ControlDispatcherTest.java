package org.ikd.daemon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ControlDispatcherTest {
    private final FakeHandler handler = new FakeHandler();
    private final ControlDispatcher dispatcher = new ControlDispatcher(handler, c -> !c.user().equals("mallory"));

    @Test
    void refusesACallerOutsideTheGroupBeforeTouchingTheHandler() {
        ControlResponse r = dispatcher.dispatch(ControlRequest.of(ControlRequest.Command.SHOW_POLICY), new Caller("mallory", "users"));
        assertFalse(r.ok());
        assertEquals(ErrorCode.DENIED, r.error());
        assertEquals("permission denied: run as root or as a member of group ikd", r.message());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void keepsTheKeysFromGroupMembersWhoAreNotRoot() {
        ControlResponse r = dispatcher.dispatch(ControlRequest.of(ControlRequest.Command.KEYS), new Caller("alice", "ikd"));
        assertEquals(ErrorCode.DENIED, r.error());
        assertEquals("permission denied: ikdctl keys prints every SA key and is for root only", r.message());
        assertTrue(handler.calls.isEmpty());
    }

    @Test
    void givesTheKeysToRoot() {
        ControlResponse r = dispatcher.dispatch(ControlRequest.of(ControlRequest.Command.KEYS), new Caller("root", "root"));
        assertTrue(r.ok());
        assertEquals(Fixtures.keys(), ControlJson.parse(r.result(), KeyTable.class));
    }

    @Test
    void letsGroupMembersShowAndChange() {
        Caller alice = new Caller("alice", "ikd");
        assertTrue(dispatcher.dispatch(ControlRequest.of(ControlRequest.Command.SHOW_STATS), alice).ok());
        assertTrue(dispatcher.dispatch(ControlRequest.of(ControlRequest.Command.RELOAD), alice).ok());
        assertEquals(List.of("stats", "reload"), handler.calls);
    }

    @Test
    void passesAnXauthPasswordToTheHandlerAndNeverShowsItInTheRequest() {
        String[] got = new String[2];
        ControlDispatcher d = new ControlDispatcher(new FakeHandler() {
            @Override
            public Outcome xauthLogin(String rule, String password) {
                got[0] = rule;
                got[1] = password;
                return new Outcome("kept");
            }
        }, c -> true);
        ControlRequest request = ControlRequest.xauthLogin("office", "alice's secret");
        assertFalse(request.toString().contains("alice's secret"), request.toString());
        ControlResponse r = d.dispatch(request, new Caller("root", "root"));
        assertEquals(null, r.error(), r.message());
        assertEquals("office", got[0]);
        assertEquals("alice's secret", got[1]);
        assertEquals(ErrorCode.INVALID, d.dispatch(ControlRequest.xauthLogin("office", null), new Caller("root", "root")).error());
    }

    @Test
    void refusesADeleteWithoutItsId() {
        ControlResponse r = dispatcher.dispatch(new ControlRequest(ControlRequest.Command.DELETE, null,
                ControlRequest.SaKind.MM, null, null, null, null, null, null), new Caller("root", "root"));
        assertEquals(ErrorCode.INVALID, r.error());
        assertEquals("request lacks its id", r.message());
    }

    @Test
    void refusesAnUnknownCommandListingTheKnownOnes() {
        ControlRequest unknown = ControlJson.parse("{\"command\":\"format-disk\"}", ControlRequest.class);
        ControlResponse r = dispatcher.dispatch(unknown, new Caller("root", "root"));
        assertEquals(ErrorCode.INVALID, r.error());
        assertTrue(r.message().startsWith("request has no known command (expected one of: [show-all, show-policy,"), r.message());
    }

    @Test
    void reportsAHandlerBugAsAnInternalError() {
        ControlDispatcher broken = new ControlDispatcher(new FakeHandler() {
            @Override
            public Statistics statistics() {
                throw new IllegalStateException("counter table gone");
            }
        }, c -> true);
        ControlResponse r = broken.dispatch(ControlRequest.of(ControlRequest.Command.SHOW_STATS), new Caller("root", "root"));
        assertEquals(ErrorCode.INTERNAL, r.error());
        // Plain words for the admin: the exception's class and text go to the daemon log only.
        assertEquals("internal error in ikd while answering show-stats; the daemon log has the details: journalctl -u ikd", r.message());
    }
}
