package org.ikd.daemon.policyfile;

import java.net.InetAddress;
import org.ikd.core.policy.Subnet;

/**
 * One side of a filter as the admin wrote it. {@code me} (Windows' "My IP address") stands for
 * each of this host's addresses and {@code any} for every address of the other side's family;
 * {@link FilterTemplate#resolve} turns them into prefixes.
 */
public sealed interface Endpoint {
    Endpoint ME = new Me();
    Endpoint ANY = new Any();

    /** Any address of this host: one host filter per local address of the right family. */
    record Me() implements Endpoint {
        @Override
        public String toString() {
            return "me";
        }
    }

    /** Any address (0.0.0.0/0, or ::/0 when the other side is IPv6). */
    record Any() implements Endpoint {
        @Override
        public String toString() {
            return "any";
        }
    }

    /** An address or a prefix written in the file. */
    record Prefix(Subnet subnet) implements Endpoint {
        @Override
        public String toString() {
            return subnet.toString();
        }
    }

    /** True when this side can hold an address of {@code address}'s family. */
    default boolean admits(InetAddress address) {
        return !(this instanceof Prefix p) || p.subnet().isIpv4() == (address.getAddress().length == 4);
    }
}
