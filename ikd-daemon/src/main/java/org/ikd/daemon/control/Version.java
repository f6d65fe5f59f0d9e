package org.ikd.daemon.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version Maven stamped into {@code version.properties} at build time. */
public final class Version {
    private Version() {}

    public static String current() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one-line banner {@code ikd --version} prints. */
    public static String banner() {
        return "ikd " + current() + " (IKEv1/IPsec, Java " + Runtime.version().feature() + ")";
    }
}
