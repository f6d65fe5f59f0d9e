/**
 * The data plane facade (the Windows "IPsec driver"): {@link org.ikd.esp.DataPlane} turns each
 * packet into a {@link org.ikd.esp.Verdict}, keeps the SPD snapshot, the SAD and the
 * IPSEC_STATISTICS counters, and queues rekey/expiry events. Pure byte work, no I/O, no threads.
 * May import org.ikd.core.policy, .sa and .crypto only.
 */
package org.ikd.esp;
