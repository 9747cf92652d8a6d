/**
 * Copy, resume and verify between any two Stowage backends through the public SPI.
 */
package dev.stowage.migration;
