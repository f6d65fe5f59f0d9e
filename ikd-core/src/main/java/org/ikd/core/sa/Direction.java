package org.ikd.core.sa;

public enum Direction {
    INBOUND,
    OUTBOUND
}
