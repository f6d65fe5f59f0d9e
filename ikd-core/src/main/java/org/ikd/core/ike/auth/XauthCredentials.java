package org.ikd.core.ike.auth;

import org.ikd.core.crypto.Bytes;

/**
 * Where the gateway checks an XAUTH user name and password (draft-beaulieu-ike-xauth-02 §6: generic
 * XAUTH-TYPE). The daemon reads a private file of users; tests pass a map. Implementations compare in
 * constant time and never log the password. Called on the IKE event loop.
 */
public interface XauthCredentials {
    /** Nobody: every XAUTH attempt fails. */
    XauthCredentials NONE = (user, password) -> false;

    /** True when {@code password} is {@code user}'s. */
    boolean verify(String user, Bytes password);
}
