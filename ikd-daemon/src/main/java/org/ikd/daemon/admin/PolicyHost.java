package org.ikd.daemon.admin;

import java.util.Map;
import org.ikd.daemon.control.ControlException;
import org.ikd.daemon.control.DynamicRule;
import org.ikd.daemon.policyfile.ParsedPolicy;

/**
 * The policy in force as the control socket changes it: read, reloaded from its file, and its dynamic
 * rules added and removed. The daemon implements it; each change is all or nothing (a failed one
 * leaves the running policy as it was, with the reason in the exception).
 */
public interface PolicyHost {
    ParsedPolicy policy();

    /** {@code ikdctl reload}: the file again; answers what changed. */
    String reload() throws ControlException;

    String addRule(DynamicRule rule) throws ControlException;

    String deleteRule(String name) throws ControlException;

    /** The dynamic rules as policy-file text, by name ({@code ikdctl policy export}). */
    Map<String, String> dynamicRuleTexts();
}
