/**
 * The Spring Boot starter: {@link dev.stowage.spring.StowageAutoConfiguration} makes
 * {@link dev.stowage.Stores} a bean from {@code stowage.*} properties.
 */
package dev.stowage.spring;
