/**
 * Verification: proves that a target holds exactly what a source holds, through the public SPI
 * only, so it works for any pair of backends (a user's own certified backend too).
 * <p>
 * {@link dev.stowage.migration.verify.Verification} runs it; a
 * {@link dev.stowage.migration.verify.VerificationReport} is the proof (JSON for machines, a
 * table for people). Every record is compared by key through a merge of two ordered scans, with
 * memory bounded by the page size whatever the size of the stores; nothing is sampled.
 */
package dev.stowage.migration.verify;
