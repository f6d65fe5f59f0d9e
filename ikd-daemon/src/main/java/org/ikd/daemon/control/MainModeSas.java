package org.ikd.daemon.control;

import java.util.List;

/** {@code ikdctl show mm}. */
public record MainModeSas(List<MainModeSaView> sas) {
    public MainModeSas {
        sas = sas == null ? List.of() : List.copyOf(sas);
    }
}
