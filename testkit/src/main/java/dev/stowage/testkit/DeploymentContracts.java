package dev.stowage.testkit;

import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.Nested;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * Every contract suite against one deployment of a backend, each as a {@code @Nested} group
 * ({@link Contacts}, {@link Credits}, {@link Tokens}). One class per deployment, named
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
 * Each group opens its own backend (see {@link StoreContract}) in a namespace of its own, so
 * groups never see each other's data and can be cleaned up one by one.
 */
public abstract class DeploymentContracts {

    /**
     * Opens the deployment for one group: once for the group, and once more by its life-cycle
     * test, with the same namespace both times.
     *
     * @param namespace a name no other group or run uses, made of lower-case ASCII letters, digits
     *                  and {@code _}, starting with a letter, at most 63 characters: usable as a
     *                  PostgreSQL schema or a Redis key prefix; deployments without one ignore it
     * @param clock     the clock the backend's stores must use for every timestamp and expiry decision
     * @return the backend
     */
    protected abstract StoreBackend openBackend(String namespace, Clock clock);

    /**
     * Removes what a group left in its namespace (a schema, keys), after the group's last test
     * and after its backend closed. Does nothing unless overridden.
     *
     * @param namespace the group's namespace
     */
    protected void removeNamespace(String namespace) {
    }

    /**
     * @param group the group's name
     * @return a namespace of the shape {@link #openBackend} promises
     */
    private String newNamespace(String group) {
        String deployment = getClass().getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return "t_" + deployment.substring(0, Math.min(30, deployment.length())) + "_" + group + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** The {@link ContactStoreContract} against this deployment. */
    @Nested
    public class Contacts extends ContactStoreContract {
        private final String namespace = newNamespace("contacts");

        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }

        @Override
        protected void closeBackend(StoreBackend backend) {
            super.closeBackend(backend);
            removeNamespace(namespace);
        }
    }

    /** The {@link CreditStoreContract} against this deployment. */
    @Nested
    public class Credits extends CreditStoreContract {
        private final String namespace = newNamespace("credits");

        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }

        @Override
        protected void closeBackend(StoreBackend backend) {
            super.closeBackend(backend);
            removeNamespace(namespace);
        }
    }

    /** The {@link TokenStoreContract} against this deployment. */
    @Nested
    public class Tokens extends TokenStoreContract {
        private final String namespace = newNamespace("tokens");

        @Override
        protected StoreBackend openBackend(Clock clock) {
            return DeploymentContracts.this.openBackend(namespace, clock);
        }

        @Override
        protected void closeBackend(StoreBackend backend) {
            super.closeBackend(backend);
            removeNamespace(namespace);
        }
    }
}
