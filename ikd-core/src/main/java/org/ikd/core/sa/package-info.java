/**
 * The hand-off from the IKE engine to the data plane: a negotiated IPsec SA pair with its
 * SPIs, transforms, keys (as Secrets), lifetimes, selectors, endpoints and NAT-T parameters.
 * Imports only org.ikd.core.crypto and org.ikd.core.policy.
 */
package org.ikd.core.sa;
