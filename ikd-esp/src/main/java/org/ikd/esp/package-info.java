/**
 * The data plane logic (the Windows "IPsec driver"): SPD lookup, SAD, ESP/AH transforms,
 * anti-replay, transport and tunnel modes, lifetimes and counters. Pure byte work, no I/O.
 * May import org.ikd.core.policy, .sa and .crypto only.
 */
package org.ikd.esp;
