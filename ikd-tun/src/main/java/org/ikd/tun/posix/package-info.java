/**
 * The Linux implementation of org.ikd.tun: libc through jnr-ffi (the only package that touches it),
 * a small rtnetlink client, the {@code nft} command, and {@link org.ikd.tun.posix.NetNamespace} for tests.
 * Imports org.ikd.tun, jnr-ffi/jffi and the JDK.
 */
package org.ikd.tun.posix;
