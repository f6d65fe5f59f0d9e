package org.ikd.core.sa;

/**
 * What one Quick Mode produces (RFC 2409 §5.5): an inbound and an outbound bundle for the rule
 * named {@code ruleName}. The data plane installs the inbound side first, then the outbound one
 * (make before break). {@code id} is unique per negotiation within one daemon run.
 */
public record IpsecSaPair(long id, String ruleName, IpsecSaBundle inbound, IpsecSaBundle outbound) {
    public IpsecSaPair {
        if (inbound.direction() != Direction.INBOUND || outbound.direction() != Direction.OUTBOUND)
            throw new IllegalArgumentException("inbound/outbound bundles swapped");
    }

    public void destroyKeys() {
        inbound.sas().forEach(IpsecSaSpec::destroyKeys);
        outbound.sas().forEach(IpsecSaSpec::destroyKeys);
    }
}
