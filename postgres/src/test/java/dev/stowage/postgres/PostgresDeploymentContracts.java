package dev.stowage.postgres;

import dev.stowage.testkit.DeploymentContracts;

/**
 * Every contract against a PostgreSQL deployment, in a schema of its own (the namespace), dropped
 * after the last group.
 */
abstract class PostgresDeploymentContracts extends DeploymentContracts {

    @Override
    protected void removeNamespace(String schema) {
        TestDatabase.dropSchema(schema);
    }
}
