/**
 * Certifies a store: the contract suites {@link dev.stowage.testkit.ContactStoreContract},
 * {@link dev.stowage.testkit.CreditStoreContract} and {@link dev.stowage.testkit.TokenStoreContract}
 * (abstract JUnit 5 classes a backend's tests extend; {@link dev.stowage.testkit.DeploymentContracts}
 * runs all three against one deployment), the {@link dev.stowage.testkit.MutableClock}
 * that drives timestamps and expiry, deterministic {@link dev.stowage.testkit.Fixtures}, and
 * {@link dev.stowage.testkit.TestServers} to find real PostgreSQL and Redis servers.
 */
package dev.stowage.testkit;
