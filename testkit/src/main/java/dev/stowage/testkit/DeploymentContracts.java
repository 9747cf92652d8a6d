package dev.stowage.testkit;

import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * Every contract suite against one deployment of a backend, each as a {@code @Nested} group
 * ({@link Contacts}, {@link Credits}, {@link Tokens}, {@link Tenants}). One class per deployment, named
 * {@code <Deployment>ContractsTest}, implements the one hook that opens it:
 * <pre>{@code
 * class MyBackendContractsTest extends DeploymentContracts {
 *     @Override
 *     protected StoreBackend openBackend(String namespace, Clock clock) {
 *         return MyStores.builder(url).schema(namespace).clock(clock).buildBackend();
 *     }
 *
 *     @Override
 *     protected void removeNamespace(String namespace) {
 *         MyTestServer.dropSchema(namespace);
 *     }
 * }
 * }</pre>
 * Each group opens a backend of its own (see {@link StoreContract}); all of them work in the
 * deployment's one namespace, which is removed after the last group. Groups never see each
 * other's data: every test uses a fresh tenant.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DeploymentContracts {

    /** The schema, key prefix or other namespace of this deployment's groups. */
    private final String namespace = newNamespace(getClass());

    /**
     * Opens the deployment: once for each group, and once more by each group's life-cycle test.
     *
     * @param namespace a name no other deployment or run uses, made of lower-case ASCII letters,
     *                  digits and {@code _}, starting with a letter, at most 63 characters: usable
     *                  as a PostgreSQL schema or a Redis key prefix; deployments without one ignore it
     * @param clock     the clock the backend's stores must use for every timestamp and expiry decision
     * @return the backend
     */
    protected abstract StoreBackend openBackend(String namespace, Clock clock);

    /**
     * Removes what the groups left in the namespace (a schema, keys), after the last group and
     * after every group's backend closed. Does nothing unless overridden.
     *
     * @param namespace the deployment's namespace
     */
    protected void removeNamespace(String namespace) {
    }

    /**
     * @return whether the deployment's backend lists its tenants ({@link StoreBackend#tenants()},
     *     an optional capability); {@code true} unless overridden, see {@link TenantsContract#listsTenants()}
     */
    protected boolean listsTenants() {
        return true;
    }

    @AfterAll
    final void removeNamespaceAfterTheLastGroup() {
        removeNamespace(namespace);
    }

    private static String newNamespace(Class<?> deployment) {
        String name = deployment.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "t_" + name.substring(0, Math.min(40, name.length())) + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The {@link ContactStoreContract} against this deployment. */
    @Nested
    public class Contacts extends ContactStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }
    }

    /** The {@link CreditStoreContract} against this deployment. */
    @Nested
    public class Credits extends CreditStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }
    }

    /** The {@link TokenStoreContract} against this deployment. */
    @Nested
    public class Tokens extends TokenStoreContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }
    }

    /**
     * The {@link TenantsContract} against this deployment. It sees the tenants of the other
     * groups too, since they share the namespace, and asserts only about its own.
     */
    @Nested
    public class Tenants extends TenantsContract {
        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }

        @Override
        protected boolean listsTenants() {
            return DeploymentContracts.this.listsTenants();
        }
    }
}
