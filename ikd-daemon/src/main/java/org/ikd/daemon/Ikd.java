package org.ikd.daemon;

/**
 * The {@code ikd} command. Until the daemon lands (issue "daemon") it answers {@code --version}
 * and {@code --help}; anything else is refused with what is accepted.
 */
public final class Ikd {
    private Ikd() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, java.io.PrintStream out, java.io.PrintStream err) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            out.println(Version.banner());
            return 0;
        }
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println("usage: ikd --version | --help");
            return 0;
        }
        err.println("ikd: unknown arguments " + String.join(" ", args) + " (expected: --version or --help)");
        return 2;
    }
}
