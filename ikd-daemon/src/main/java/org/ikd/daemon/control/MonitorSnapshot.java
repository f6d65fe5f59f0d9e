package org.ikd.daemon.control;

/** One refresh of {@code ikdctl monitor} (ipsecmon's window): counters and both SA lists. */
public record MonitorSnapshot(Statistics statistics, MainModeSas mainMode, QuickModeSas quickMode) {
}
