package org.ikd.daemon.cli.manual;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A section 8 manual page made from a picocli command tree: the same descriptions, options and
 * exit codes that {@code --help} prints, so the page cannot drift from the program. Each
 * subcommand (and theirs, depth first) gets a subsection with its synopsis and options.
 */
final class CommandManual {
    private CommandManual() {}

    /** The page of {@code root}; {@code extra} adds the hand-written sections (FILES, SEE ALSO, ...). */
    static String page(CommandLine root, String date, String version, List<Section> extra) {
        CommandSpec spec = root.getCommandSpec();
        Troff t = new Troff().title(spec.name(), 8, date, "ikd " + version, "ikd manual");
        t.section("Name").formatted(Troff.escape(spec.name()) + " \\- " + Troff.escape(firstLine(spec)));
        t.section("Synopsis").formatted(synopsis(spec));
        t.section("Description");
        for (String d : spec.usageMessage().description()) t.paragraph(format(d));
        options(t, spec);
        if (!spec.subcommands().isEmpty()) {
            t.section("Commands");
            for (CommandLine sub : distinct(spec)) command(t, sub.getCommandSpec());
        }
        if (!spec.usageMessage().exitCodeList().isEmpty()) {
            t.section("Exit status");
            spec.usageMessage().exitCodeList().forEach((code, meaning) -> t.tagged(Troff.bold(code.strip()), meaning));
        }
        for (Section s : extra) {
            t.section(s.heading());
            for (String p : s.paragraphs()) t.paragraph(p);
        }
        return t.toString();
    }

    /** A hand-written section: its heading and its paragraphs of plain text. */
    record Section(String heading, List<String> paragraphs) {}

    private static void command(Troff t, CommandSpec spec) {
        t.subsection(spec.qualifiedName(" ").substring(spec.root().name().length() + 1));
        t.paragraph().formatted(synopsis(spec));
        for (String d : spec.usageMessage().description()) t.paragraph(format(d));
        for (PositionalParamSpec p : spec.positionalParameters())
            if (!p.hidden()) t.tagged(Troff.italic(p.paramLabel()), description(p));
        for (OptionSpec o : spec.options())
            if (!o.hidden() && !inherited(o)) t.tagged(optionTag(o), description(o));
        for (CommandLine sub : distinct(spec)) command(t, sub.getCommandSpec());
    }

    private static void options(Troff t, CommandSpec spec) {
        if (spec.options().isEmpty()) return;
        t.section("Options");
        for (OptionSpec o : spec.options()) if (!o.hidden()) t.tagged(optionTag(o), description(o));
    }

    /** Options a subcommand inherits from its parent are described once, at the top. */
    private static boolean inherited(OptionSpec o) {
        return o.inherited() || o.usageHelp() || o.versionHelp();
    }

    /** Subcommands once each (picocli lists an alias as another key to the same command). */
    private static List<CommandLine> distinct(CommandSpec spec) {
        return spec.subcommands().values().stream().distinct().filter(c -> !c.getCommandSpec().usageMessage().hidden()).toList();
    }

    private static String optionTag(OptionSpec o) {
        StringBuilder b = new StringBuilder();
        for (String n : o.names()) b.append(b.length() == 0 ? "" : ", ").append(Troff.bold(n));
        if (o.typeInfo() != null && !o.typeInfo().isBoolean() && o.arity().max() > 0)
            b.append(' ').append(Troff.italic(o.paramLabel()));
        return b.toString();
    }

    private static String synopsis(CommandSpec spec) {
        StringBuilder b = new StringBuilder(Troff.bold(spec.qualifiedName(" ")));
        for (OptionSpec o : spec.options()) {
            if (o.hidden() || (inherited(o) && spec.parent() != null)) continue;
            String arg = o.typeInfo() != null && !o.typeInfo().isBoolean() && o.arity().max() > 0 ? " " + Troff.italic(o.paramLabel()) : "";
            b.append(o.required() ? " " : " [").append(Troff.bold(o.longestName())).append(arg).append(o.required() ? "" : "]");
        }
        for (PositionalParamSpec p : spec.positionalParameters())
            if (!p.hidden()) b.append(' ').append(p.arity().min() == 0 ? "[" + Troff.italic(p.paramLabel()) + "]" : Troff.italic(p.paramLabel()));
        if (!spec.subcommands().isEmpty()) b.append(' ').append(Troff.italic("COMMAND"));
        return b.toString();
    }

    private static String description(ArgSpec a) {
        return format(String.join(" ", a.description()));
    }

    /** picocli's %n, and its ${DEFAULT-VALUE}-style variables, which a page does not interpolate. */
    private static String format(String s) {
        return s.replace("%n", "\n").replace("%%", "%");
    }

    private static String firstLine(CommandSpec spec) {
        String[] d = spec.usageMessage().description();
        return d.length == 0 ? spec.name() : format(d[0]).lines().findFirst().orElse(spec.name());
    }
}
