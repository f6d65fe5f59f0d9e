/**
 * The policy file ({@code /etc/ikd/policy.toml}): parses it with tomlj, validates it with
 * {@code file:line:column} messages, reads PSK files, and builds the core policy model plus the
 * daemon-side settings it cannot express. Imports org.ikd.core.policy and crypto, tomlj.
 */
package org.ikd.daemon.policyfile;
