/**
 * The Security Association Database (RFC 4301 §4.4.2): SAs with their anti-replay window
 * (RFC 4303 §3.4.3, Appendix A), sequence counter, lifetime meter and per-pump transforms.
 * Imports org.ikd.core.sa/.crypto/.policy and org.ikd.esp.packet/.spd/.transform.
 */
package org.ikd.esp.sad;
