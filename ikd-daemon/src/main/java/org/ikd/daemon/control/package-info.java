/**
 * The control socket (a Unix stream socket, one JSON request per connection) between ikdctl and
 * the daemon: the server, the client, the {@link org.ikd.daemon.control.ControlHandler} the daemon
 * implements and the records it answers with. Imports core (policy, sa, crypto), gson and slf4j.
 */
package org.ikd.daemon.control;
