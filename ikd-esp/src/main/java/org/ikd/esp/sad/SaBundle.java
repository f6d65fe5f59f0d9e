package org.ikd.esp.sad;

import java.util.List;
import org.ikd.core.sa.Direction;
import org.ikd.core.sa.Mode;
import org.ikd.core.sa.NatTraversal;
import org.ikd.esp.spd.TrafficMatcher;

/**
 * The SAs applied together to one direction of a flow, innermost first: ESP, AH, or ESP then AH
 * (RFC 4301 §4.5 transport adjacency, as Windows negotiates AH+ESP). A tunnel-mode bundle has
 * one outer header: ESP builds it and AH authenticates it.
 */
public final class SaBundle {
    private final SecurityAssociation[] sas;
    private final long pairId;
    private final String ruleName;
    private final Direction direction;
    private volatile boolean removed;
    /** Outbound: the MTU of the path to the outer destination, 0 when unknown (see DataPlane#pathMtuSource). */
    private volatile int pathMtu;

    public SaBundle(List<SecurityAssociation> sas, long pairId, String ruleName, Direction direction) {
        this.sas = sas.toArray(new SecurityAssociation[0]);
        this.pairId = pairId;
        this.ruleName = ruleName;
        this.direction = direction;
        for (SecurityAssociation sa : this.sas) sa.joinBundle(this);
    }

    public int size() { return sas.length; }
    public SecurityAssociation get(int i) { return sas[i]; }
    public SecurityAssociation innermost() { return sas[0]; }
    public SecurityAssociation outermost() { return sas[sas.length - 1]; }
    public long pairId() { return pairId; }
    public String ruleName() { return ruleName; }
    public Direction direction() { return direction; }
    public TrafficMatcher selector() { return sas[0].selector(); }
    public Mode mode() { return sas[0].spec().mode(); }
    public NatTraversal natTraversal() { return sas[0].spec().natTraversal(); }
    public boolean removed() { return removed; }
    public int pathMtu() { return pathMtu; }
    public void pathMtu(int mtu) { this.pathMtu = mtu; }

    /** True once any SA of the bundle reached its hard lifetime. */
    public boolean expired() {
        for (SecurityAssociation sa : sas) if (sa.lifetime().expired()) return true;
        return false;
    }

    void markRemoved() {
        removed = true;
        for (SecurityAssociation sa : sas) sa.destroy();
    }

    public List<SecurityAssociation> sas() {
        return List.of(sas);
    }
}
