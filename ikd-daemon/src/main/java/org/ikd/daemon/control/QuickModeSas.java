package org.ikd.daemon.control;

import java.util.List;

/** {@code ikdctl show qm}. */
public record QuickModeSas(List<QuickModeSaView> sas) {
    public QuickModeSas {
        sas = sas == null ? List.of() : List.copyOf(sas);
    }
}
