/**
 * The Redis backend: {@link dev.stowage.redis.RedisStores} builds stores on a standalone server
 * or a Cluster with Lettuce, and {@link dev.stowage.redis.RedisBackendProvider} makes backend
 * {@code redis} available to {@link dev.stowage.Stowage#open}. Every write that touches a record
 * and its indexes is one Lua script; see the module README for the key layout and costs.
 */
package dev.stowage.redis;
