package org.ikd.daemon.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code ikdctl [--socket P] [--timeout S] show VIEW [--json] [--rule N] [--peer A]}, the most
 * frequent call, and {@code stats [--json]} (the same request and text as {@code show stats}),
 * without picocli: picocli builds and runs a command by reflection, and its
 * classes cannot be in a class-data archive, about 60 % of such a call (docs/performance.md
 * "ikdctl start-up"). Only command lines picocli would accept as they are take this path; any
 * other, or any doubt (help, an unknown or repeated option, a value that looks like an option),
 * goes to picocli, which also gives every usage error.
 */
final class QuickShow {
    private static final List<String> VIEWS = new ShowCommand.Views();
    private static final List<String> NARROWED = List.of("all", "mm", "qm");

    private QuickShow() {}

    /** The show command for {@code args}, ready to call, or null: let picocli parse them. */
    static ShowCommand parse(String[] args, Terminal terminal) {
        Ikdctl root = new Ikdctl(terminal);
        ShowCommand show = new ShowCommand();
        show.root = root;
        boolean inShow = false, socket = false, timeout = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            boolean valued = List.of("--socket", "--timeout", "--rule", "--peer").contains(name);
            String value = !valued ? null : arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : ++i < args.length ? args[i] : null;
            if (valued && (value == null || value.isEmpty() || value.startsWith("-"))) return null;
            if (name.equals("--socket") && !socket) {
                socket = true;
                root.socket = Path.of(value);
            } else if (name.equals("--timeout") && !timeout) {
                timeout = true;
                if (!value.matches("[0-9]{1,6}(\\.[0-9]{1,3})?") || !(Double.parseDouble(value) > 0)) return null;
                root.timeoutSeconds = Double.parseDouble(value);
            } else if (!inShow && arg.equals("show")) {
                inShow = true;
            } else if (!inShow && arg.equals("stats")) {
                inShow = true;
                show.what = "stats";
            } else if (inShow && name.equals("--rule") && show.rule == null) {
                show.rule = value;
            } else if (inShow && name.equals("--peer") && show.peer == null) {
                show.peer = value;
            } else if (inShow && arg.equals("--json") && !show.json) {
                show.json = true;
            } else if (inShow && show.what == null && VIEWS.contains(arg)) {
                show.what = arg;
            } else {
                return null;
            }
        }
        if (show.what == null || ((show.rule != null || show.peer != null) && !NARROWED.contains(show.what))) return null;
        return show;
    }
}
