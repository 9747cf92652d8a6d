/**
 * JMH benchmarks: Stowage against the raw drivers doing the same work, measured in one run and
 * interleaved so that the machine's load weighs on both alike. Run {@code benchmarks/run} for
 * figures; CI runs a tiny smoke configuration only, so that the benchmarks never rot.
 */
package dev.stowage.benchmarks;
