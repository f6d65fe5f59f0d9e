/**
 * A scripted IKEv1 peer for hostile tests (issue 13): PSK Main Mode as initiator (RFC 2409 §5.4),
 * then hand-built Quick Mode first messages, Informational Deletes and Notifies, and replays, sent
 * from a namespace of the test to a real ikd. Uses ikd-core's codec and key math only (isakmp,
 * oakley, crypto, ike.MessageProtection) and the lab's namespaces; nothing of the daemon.
 */
package org.ikd.it.hostile.peer;
