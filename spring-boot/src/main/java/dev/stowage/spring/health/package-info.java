/**
 * Health indicators of the starter: one per backend of the {@link dev.stowage.Stores} bean and
 * one per broadcast channel of the cache, probed by {@link dev.stowage.spring.health.StowageProbes}
 * (free of Spring types) and published by
 * {@code dev.stowage.spring.health.StowageHealthAutoConfiguration} (Spring Boot 4; on Spring Boot 3
 * {@link dev.stowage.spring.health.Boot3HealthAutoConfiguration}).
 */
package dev.stowage.spring.health;
