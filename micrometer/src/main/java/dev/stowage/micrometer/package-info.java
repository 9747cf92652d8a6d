/**
 * Micrometer meters for every store operation on every backend: {@link dev.stowage.micrometer.MeteredStores}
 * wraps stores or a backend, and {@link dev.stowage.micrometer.MetricsDecoratorProvider} does it for
 * {@link dev.stowage.Stowage#open} (keys {@code stowage.metrics.*}).
 */
package dev.stowage.micrometer;
