package org.ikd.daemon.policyfile;

import java.util.List;
import org.ikd.core.policy.AuthenticationMethod;
import org.ikd.core.policy.FilterAction;

/**
 * Windows' default response rule: answer a negotiation that matches no rule with these security
 * methods and authentication methods (the core {@code Policy} only says whether it is on).
 */
public record DefaultResponse(FilterAction.Negotiate action, List<AuthenticationMethod> authentication) {
    public DefaultResponse {
        authentication = List.copyOf(authentication);
        if (authentication.isEmpty()) throw new IllegalArgumentException("the default response needs an authentication method");
    }
}
