/**
 * systemd integration: the sd_notify protocol (READY, STOPPING, RELOADING, STATUS, WATCHDOG) over
 * a {@link org.ikd.daemon.systemd.NotifyTransport}, and the watchdog pinger. No jnr here: the
 * AF_UNIX datagram transport lives in org.ikd.tun.posix.
 */
package org.ikd.daemon.systemd;
