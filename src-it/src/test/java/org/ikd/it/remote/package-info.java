/**
 * Remote access (issue 18: XAUTH, Mode-Config, road warriors) through real daemons: ikd as the gateway of
 * the shipped conf/remote-access.toml, strongSwan's charon as the road warrior. Namespaces {@code rw*}.
 */
package org.ikd.it.remote;
