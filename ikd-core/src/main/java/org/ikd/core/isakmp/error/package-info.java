/**
 * The one error type of peer input: {@link IsakmpException} carries the RFC 2408 §3.14.1 notify
 * type that labels the drop, {@link MalformedMessageException} is its encoding-rule kind. Below
 * {@code isakmp} and {@code isakmp.payload} so that neither imports the other both ways.
 * Imports {@code isakmp.doi} only.
 */
package org.ikd.core.isakmp.error;
