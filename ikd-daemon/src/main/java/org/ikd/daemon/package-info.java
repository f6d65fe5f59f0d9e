/**
 * The daemon: {@code ikd} (run, check), the wiring of IKE engine, data plane and link layer
 * ({@link org.ikd.daemon.Daemon}), the packet pumps, the acquire queue and the control handler.
 * May import core, esp, tun and the daemon's sub-packages; nothing imports it.
 */
package org.ikd.daemon;
