package org.ikd.core.ike.ipsec;

/**
 * Where an IPsec SA pair is in its life (docs/architecture.md "IPsec SA pairs" has the table):
 * <pre>
 * UNCONFIRMED --HASH(3)--------------------------> INSTALLED --soft crossing--> REKEYING
 *   (Quick Mode responder, installed with QM#2)        |                           |
 *      \--no HASH(3), no ESP: removed--> DELETED       +-------successor installed-+--> HANDING_OVER
 * HANDING_OVER --handover timer, or outbound hard limit--> HANDED_OVER --hard limit, Delete--> DELETED
 * a fresh pair that loses a rekey collision --> REDUNDANT --grace--> DELETED
 * </pre>
 */
public enum PairState {
    /** A Quick Mode responder's pair, in the data plane since QM#2 left; HASH(3) not yet received. */
    UNCONFIRMED,
    /** Carries its traffic both ways. */
    INSTALLED,
    /** Its soft lifetime passed: a renewal is waiting (the responder's margin) or running; it still carries traffic. */
    REKEYING,
    /** A successor for its traffic is installed; it keeps sending until the peer can have installed the successor too. */
    HANDING_OVER,
    /** Its outbound side is retired; the inbound side accepts what the peer sent before it switched. */
    HANDED_OVER,
    /** It lost a rekey collision: nobody sends on it, and it is deleted after a grace time. */
    REDUNDANT,
    /** Removed from the registry (a Delete, its hard lifetime, a restart of the peer, shutdown). */
    DELETED;

    /** True while the pair is the one its traffic is sent on (or will be: a responder's before HASH(3)). */
    public boolean sending() {
        return this == UNCONFIRMED || this == INSTALLED || this == REKEYING;
    }

    /** True while its outbound side still carries traffic: {@link #sending} or {@link #HANDING_OVER}. */
    public boolean carrying() {
        return sending() || this == HANDING_OVER;
    }
}
