package dev.stowage.postgres;

/**
 * What the PostgreSQL backend does with its schema when it opens.
 */
public enum MigrationMode {
    /**
     * Creates the schema if needed and applies every pending Flyway migration shipped in the jar
     * (under {@code classpath:dev/stowage/postgres/migration}). Concurrent openers are serialized
     * by Flyway's lock. The default.
     */
    MIGRATE,
    /**
     * Applies nothing; opening fails with a
     * {@link dev.stowage.exception.StoreConfigurationException} unless every migration of this
     * version is already applied and unchanged. For deployments where schema changes are run by
     * a separate, privileged step.
     */
    VALIDATE
}
