package dev.stowage.spring;

import com.zaxxer.hikari.HikariDataSource;
import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.spi.StoreBackend;
import dev.stowage.testkit.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL and Redis from properties, against the real servers, and reuse of the application's
 * DataSource and Lettuce client, made by Spring Boot's own auto-configurations (found by name, as
 * they moved between Boot 3 and Boot 4). Each test works in its own schema or key prefix, removed at the end.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class StowageServersAutoConfigurationTest {

    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String SCHEMA_OWN = "t_boot_own_" + RUN;
    private static final String SCHEMA_SHARED = "t_boot_shared_" + RUN;
    private static final String PREFIX = "t_boot_" + RUN;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class));

    @AfterAll
    static void removeSchemasAndKeys() throws Exception {
        try (HikariDataSource dataSource = dataSource(); Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA_OWN + " CASCADE");
            statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA_SHARED + " CASCADE");
        }
        RedisClient client = RedisClient.create(TestServers.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches("*" + PREFIX + "*"));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }

    @Test
    void postgres_from_properties_in_its_own_schema() {
        runner.withPropertyValues("stowage.backend=postgres", "stowage.postgres.url=" + TestServers.postgresUrl(),
                "stowage.postgres.schema=" + SCHEMA_OWN).run(context -> {
            Stores stores = context.getBean(Stores.class);
            assertThat(stores.backends()).extracting(StoreBackend::name).containsExactly("postgres");
            Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
            assertThat(contactsIn(SCHEMA_OWN)).isEqualTo(1);
            assertThat(stores.contacts().get(ada.id())).contains(ada);
        });
    }

    @Test
    void the_application_data_source_is_reused_and_left_open() {
        runner.withConfiguration(AutoConfigurations.of(bootClass(
                        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
                        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration")))
                .withPropertyValues("spring.datasource.url=" + TestServers.postgresUrl(),
                        "spring.datasource.hikari.pool-name=application-pool",
                        "stowage.backend=postgres", "stowage.postgres.schema=" + SCHEMA_SHARED)
                .run(context -> {
                    DataSource dataSource = context.getBean(DataSource.class);
                    assertThat(context.getBean(StowageResources.class).byType()).containsEntry(DataSource.class,
                            dataSource);
                    Stores stores = context.getBean(Stores.class);
                    stores.contacts().create(ContactDraft.builder("grace@example.com").build());
                    assertThat(contactsIn(SCHEMA_SHARED)).isEqualTo(1);
                    HikariDataSource pool = (HikariDataSource) dataSource;
                    assertThat(pool.getPoolName()).isEqualTo("application-pool");
                    assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isPositive();

                    stores.close();
                    assertThat(pool.isClosed()).as("the application's pool outlives the stores").isFalse();
                    try (Connection connection = pool.getConnection()) {
                        assertThat(connection.isValid(2)).isTrue();
                    }
                });
    }

    @Test
    void redis_from_properties_under_its_own_prefix() {
        runner.withPropertyValues("stowage.backend=memory", "stowage.tokens.backend=redis",
                "stowage.redis.uri=" + TestServers.redisUri(), "stowage.redis.prefix=" + PREFIX + "_own").run(context -> {
            Stores stores = context.getBean(Stores.class);
            assertThat(stores.tokensBackend().name()).isEqualTo("redis");
            assertThat(stores.contactsBackend().name()).isEqualTo("memory");
            stores.tokens().revokeAccessToken("jti-1", java.time.Instant.now().plusSeconds(600));
            assertThat(stores.tokens().isAccessTokenRevoked("jti-1")).isTrue();
            assertThat(keysUnder(PREFIX + "_own")).isPositive();
        });
    }

    @Test
    void the_lettuce_client_of_spring_data_redis_is_reused() {
        RedisURI uri = RedisURI.create(TestServers.redisUri());
        runner.withConfiguration(AutoConfigurations.of(bootClass(
                        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
                        "org.springframework.boot.autoconfigure.data.redis.RedisAutoConfiguration")))
                .withPropertyValues("spring.data.redis.host=" + uri.getHost(), "spring.data.redis.port=" + uri.getPort(),
                        "stowage.backend=redis", "stowage.redis.prefix=" + PREFIX + "_shared")
                .run(context -> {
                    LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
                    assertThat(context.getBean(StowageResources.class).byType().get(RedisClient.class))
                            .isSameAs(factory.getNativeClient());
                    Stores stores = context.getBean(Stores.class);
                    Contact ada = stores.contacts().create(ContactDraft.builder("ada@example.com").build());
                    assertThat(stores.contacts().get(ada.id())).contains(ada);
                    assertThat(keysUnder(PREFIX + "_shared")).isPositive();
                });
    }

    /**
     * @return the auto-configuration class of Spring Boot 4, or else of Spring Boot 3
     */
    private static Class<?> bootClass(String boot4, String boot3) {
        try {
            return Class.forName(boot4);
        } catch (ClassNotFoundException notBoot4) {
            try {
                return Class.forName(boot3);
            } catch (ClassNotFoundException neither) {
                throw new AssertionError("neither " + boot4 + " nor " + boot3 + " is on the class path", neither);
            }
        }
    }

    private static long keysUnder(String prefix) {
        RedisClient client = RedisClient.create(TestServers.redisUri());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().keys("*" + prefix + "*").size();
        } finally {
            client.shutdown();
        }
    }

    private static long contactsIn(String schema) throws Exception {
        try (HikariDataSource dataSource = dataSource(); Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + schema + ".contact")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static HikariDataSource dataSource() {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestServers.postgresUrl());
        dataSource.setMaximumPoolSize(1);
        return dataSource;
    }
}
