/**
 * ikd against strongSwan's charon (IKEv1, PSK, tunnel mode, UDP encapsulation) in two namespaces of the
 * test's own: the proposal matrix in both roles, refusals, Informationals. See docs/interop.md.
 * May import ikd-core, ikd-tun ({@code NetNamespace}) and {@code org.ikd.it.lab}.
 */
package org.ikd.it.interop;
