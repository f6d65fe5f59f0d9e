package org.ikd.core.policy;

import org.ikd.core.crypto.Bytes;

/**
 * The XAUTH users of a remote-access rule (draft-beaulieu-ike-xauth-02 §6, generic XAUTH-TYPE: a user
 * name and a password), as a rule holds its pre-shared key. The daemon reads them from a private file;
 * tests pass a lambda. Implementations compare in constant time and never log a password. Called on the
 * IKE event loop.
 */
public interface XauthUsers {
    /** Nobody: every XAUTH attempt fails. */
    XauthUsers NONE = (user, password) -> false;

    /** True when {@code password} is {@code user}'s. */
    boolean verify(String user, Bytes password);
}
