package org.ikd.daemon.policyfile;

import java.util.List;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;

/**
 * Windows' default response rule as the file states it: answer a negotiation that matches no rule
 * with these security methods and authentication methods; the core {@code Policy} holds it as a
 * rule ({@code Policy.defaultResponse}).
 */
public record DefaultResponse(FilterAction.Negotiate action, List<AuthenticationMethod> authentication) {
    public DefaultResponse {
        authentication = List.copyOf(authentication);
        if (authentication.isEmpty()) throw new IllegalArgumentException("the default response needs an authentication method");
    }
}
