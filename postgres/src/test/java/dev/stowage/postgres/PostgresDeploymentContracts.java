package dev.stowage.postgres;

import dev.stowage.testkit.DeploymentContracts;

/**
 * Every contract against a PostgreSQL deployment: each group works in a schema of its own (its
 * namespace), dropped after the group's last test.
 */
abstract class PostgresDeploymentContracts extends DeploymentContracts {

    @Override
    protected void removeNamespace(String schema) {
        TestDatabase.dropSchema(schema);
    }
}
