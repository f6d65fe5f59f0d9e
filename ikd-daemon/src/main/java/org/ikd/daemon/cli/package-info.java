/**
 * {@code ikdctl}: picocli commands that talk to the daemon over the control socket and render
 * its answers as aligned tables (Windows names for counters) or JSON. Imports daemon.control only.
 */
package org.ikd.daemon.cli;
