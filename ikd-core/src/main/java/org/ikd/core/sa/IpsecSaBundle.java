package org.ikd.core.sa;

import java.util.List;

/**
 * The SAs applied together to one direction of a flow, innermost first: ESP alone, AH alone, or
 * ESP then AH (Windows' AH+ESP: ESP inside, AH outside; RFC 2401 §4.5 "transport adjacency").
 */
public record IpsecSaBundle(List<IpsecSaSpec> sas) {
    public IpsecSaBundle {
        sas = List.copyOf(sas);
        if (sas.isEmpty() || sas.size() > 2)
            throw new IllegalArgumentException("a bundle has 1 or 2 SAs, not " + sas.size());
        if (sas.size() == 2 && (sas.get(0).protocol() != IpsecProtocol.ESP || sas.get(1).protocol() != IpsecProtocol.AH))
            throw new IllegalArgumentException("a two-SA bundle is ESP inside AH");
        Direction d = sas.get(0).direction();
        for (IpsecSaSpec s : sas)
            if (s.direction() != d) throw new IllegalArgumentException("a bundle mixes directions");
    }

    public static IpsecSaBundle of(IpsecSaSpec... sas) {
        return new IpsecSaBundle(List.of(sas));
    }

    public IpsecSaSpec outermost() {
        return sas.get(sas.size() - 1);
    }

    public Direction direction() {
        return sas.get(0).direction();
    }
}
