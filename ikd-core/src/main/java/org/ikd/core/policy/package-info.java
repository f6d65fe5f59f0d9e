/**
 * The immutable IPsec policy model, after the Windows 2000/XP one: rules made of a filter list,
 * a filter action and authentication methods, plus Main Mode settings. Shared by the IKE engine,
 * the data plane and the policy-file parser. Imports only org.ikd.core.crypto and org.ikd.core.pki (parsed certificates).
 */
package org.ikd.core.policy;
