package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.TenantId;
import dev.stowage.contact.ContactDraft;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.PostgresRepairQueue;
import dev.stowage.migration.switching.ProgrammaticStageSource;
import dev.stowage.migration.switching.Stage;
import dev.stowage.migration.switching.StageController;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.postgres.PostgresStores;
import dev.stowage.redis.RedisStores;
import dev.stowage.spi.StoreBackend;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Java snippet of migration/README.md's "Online migration (switching)", as written: contacts
 * move from the private Redis to the private PostgreSQL through DUAL_WRITE, SHADOW and LIVE, and
 * step back to SHADOW.
 */
class SwitchingReadmeTest {

    @Test
    void the_online_migration_of_contacts_runs_as_written() throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(ReadmeServers.jdbcUrl());
        dataSource.setUser("app");
        dataSource.setPassword(ReadmeServers.APP_PASSWORD);
        try (StoreBackend redisBackend = RedisStores.builder(ReadmeServers.redisUri()).prefix("switching")
                .buildBackend();
             StoreBackend postgresBackend = PostgresStores.builder(ReadmeServers.jdbcUrl()).user("app")
                     .password(ReadmeServers.APP_PASSWORD).schema("switched").buildBackend()) {
            redisBackend.contacts(TenantId.DEFAULT).create(ContactDraft.builder("grace@example.com").build());
            // README migration/README.md
            ProgrammaticStageSource contactsStage = ProgrammaticStageSource.startingAt(Stage.OFF);
            try (SwitchingBackend switching = SwitchingBackend.builder(redisBackend, postgresBackend)
                    .contacts(contactsStage)                                  // credits and tokens stay OFF
                    .repairQueue(PostgresRepairQueue.builder(dataSource).build())
                    .shadowRatio(0.05)
                    .build()) {
                Stores stores = Stores.of(switching);                         // what the application uses
                StageController contacts = switching.controller(StoreKind.CONTACTS);
                contacts.advance();                                           // OFF -> DUAL_WRITE
                contacts.backfill();                                          // copy what Redis held before
                contacts.verify();                                            // must be VALIDATED to go on
                contacts.advance();                                           // -> SHADOW
                contacts.verify();
                contacts.advance();                                           // -> LIVE: PostgreSQL serves contacts
                stores.contacts().create(ContactDraft.builder("ada@example.com").build());
                contacts.back();                                              // a step back is always allowed
                assertThat(contacts.stage()).isEqualTo(Stage.SHADOW); // not in the README
                assertThat(postgresBackend.contacts(TenantId.DEFAULT).findByEmail("grace@example.com")).hasSize(1); // not in the README
                assertThat(postgresBackend.contacts(TenantId.DEFAULT).findByEmail("ada@example.com")).hasSize(1); // not in the README
                assertThat(redisBackend.contacts(TenantId.DEFAULT).findByEmail("ada@example.com")).hasSize(1); // not in the README
            }
            // END README
        } finally {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS public.stowage_switching_repair");
                statement.execute("DROP SCHEMA IF EXISTS switched CASCADE");
            }
        }
    }
}
