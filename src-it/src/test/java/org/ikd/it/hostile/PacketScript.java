package org.ikd.it.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ikd.it.lab.Command;
import org.ikd.it.lab.Netns;

/**
 * The packet forgers of these tests: small Python 3 programs (resources beside this class) that
 * capture and write Ethernet frames on our veth with AF_PACKET, so no route, TUN or policy of
 * the daemon under test decides where they go. Each run is bounded in packets and time.
 */
public final class PacketScript {
    private PacketScript() {}

    /** Runs {@code name} (a resource of this package) with {@code args} inside {@code ns}; fails on a non-zero exit. */
    public static String run(Netns ns, Path dir, long timeoutSeconds, String name, String... args) {
        Path script = dir.resolve(name);
        try (InputStream in = PacketScript.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no resource " + name);
            Files.createDirectories(dir);
            Files.write(script, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> argv = new ArrayList<>(List.of("python3", script.toString()));
        argv.addAll(List.of(args));
        Command.Result r = ns.exec(timeoutSeconds, argv.toArray(String[]::new));
        if (r.exitCode() != 0) throw new IllegalStateException(name + " exited " + r.exitCode() + ":\n" + r.stdout() + r.stderr());
        return r.stdout();
    }

    /** The MAC address of {@code link} in {@code ns}. */
    public static String mac(Netns ns, String link) {
        String out = ns.ip("-o", "link", "show", link);
        int i = out.indexOf("link/ether ");
        if (i < 0) throw new IllegalStateException("no MAC in " + out);
        return out.substring(i + 11, i + 28);
    }
}
