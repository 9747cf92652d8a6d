package dev.stowage.readme;

import dev.stowage.testkit.PrivatePostgres;
import dev.stowage.testkit.PrivateRedis;

import java.util.UUID;

/**
 * The real servers the README snippets run against: a PostgreSQL of this module's own that
 * checks passwords, with the role {@code app} and its database {@code app} that the snippets name,
 * and a Redis of its own, so the snippets' fixed names (schema {@code stowage}, prefix {@code crm})
 * touch nothing another test uses. Started once per test JVM, stopped when it exits.
 */
final class ReadmeServers {

    /** The password of the role {@code app}, the snippets' {@code secret}. */
    static final String APP_PASSWORD = "readme-" + UUID.randomUUID();

    private static PrivatePostgres postgres;
    private static PrivateRedis redis;

    private ReadmeServers() {
    }

    /**
     * @return the JDBC URL of the database {@code app}, without credentials: the snippets'
     *     {@code "jdbc:postgresql://db:5432/app"}
     */
    static synchronized String jdbcUrl() {
        if (postgres == null) {
            postgres = PrivatePostgres.start();
            postgres.execute("CREATE ROLE app LOGIN PASSWORD '" + APP_PASSWORD + "'", "CREATE DATABASE app OWNER app");
        }
        return postgres.jdbcUrl("app");
    }

    /**
     * @return the URI of the private Redis: the snippets' {@code "redis://cache:6379"}
     */
    static synchronized String redisUri() {
        if (redis == null) {
            redis = PrivateRedis.start();
        }
        return redis.uri();
    }
}
