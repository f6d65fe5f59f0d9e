/**
 * Integration tests of ikd↔ikd traffic per protection kind (ESP CBC+HMAC, AH, AH+ESP) in transport
 * mode: first packet answered, TCP data intact end to end, and a capture of the link proving what
 * crossed it. Uses {@code org.ikd.it.lab}; starts its own daemons, TCP endpoints and tshark.
 */
package org.ikd.it.traffic;
