package org.ikd.daemon.control;

/** {@code ikdctl show all}: every view, in the order the CLI prints them. */
public record ShowAll(PolicyView policy, FilterTable filters, MainModeSas mainMode, QuickModeSas quickMode,
                      Statistics statistics) {
}
