/**
 * Benchmark drivers that need the test classpath: the IKEv1 load initiator of
 * {@code scripts/bench} (setup rate, memory with many SAs), built on ikd-core's engine; root ITs.
 */
package org.ikd.it.bench;
