package dev.stowage.migration;

import dev.stowage.contact.ContactDraft;
import dev.stowage.migration.checkpoint.FileCheckpointStore;
import dev.stowage.migration.legacy.Converters;
import dev.stowage.migration.legacy.FileIdMappingStore;
import dev.stowage.migration.legacy.LegacyAccount;
import dev.stowage.migration.legacy.LegacyContact;
import dev.stowage.migration.legacy.LegacyCredential;
import dev.stowage.migration.legacy.LegacyMapping;
import dev.stowage.migration.legacy.ListSource;
import dev.stowage.migration.legacy.TotalsRule;
import dev.stowage.spi.StoreBackend;
import dev.stowage.token.CredentialDraft;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A legacy import as the crash test's child JVMs run it: a generated source (the same on every
 * start), into a PostgreSQL schema, with file checkpoints and file id mappings. Arguments are
 * {@code key=value}: {@code target=<schema>}, {@code checkpoints=<dir>}, {@code ids=<dir>},
 * {@code users}, {@code batch}. Prints {@code STARTED}, {@code PROGRESS <store> <processed>} after each
 * batch, then {@code DONE}; exits 0 on success, 1 on failure.
 */
public final class LegacyCopyProcess {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T09:30:00Z"), ZoneOffset.UTC);
    static final String RUN = "legacy-crash";

    private LegacyCopyProcess() {
    }

    /**
     * @param args {@code key=value} arguments
     */
    public static void main(String[] args) {
        Map<String, String> options = new HashMap<>();
        Arrays.stream(args).map(arg -> arg.split("=", 2)).forEach(kv -> options.put(kv[0], kv[1]));
        int users = Integer.parseInt(options.get("users"));
        StoreBackend target = TestBackend.postgres(options.get("target"), CLOCK);
        try (FileCheckpointStore checkpoints = FileCheckpointStore.in(Path.of(options.get("checkpoints")));
             FileIdMappingStore ids = FileIdMappingStore.in(Path.of(options.get("ids")))) {
            System.out.println("STARTED");
            migration(users).to(target).ids(ids).checkpoints(checkpoints).runId(RUN)
                    .batchSize(Integer.parseInt(options.get("batch"))).workers(2).validate(false)
                    .listener(event -> System.out.println("PROGRESS " + event.store() + " " + event.counts().processed()))
                    .run();
            System.out.println("DONE");
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
        } finally {
            target.close();
        }
        System.exit(0);
    }

    /**
     * @param users how many users (half as many credit accounts and tokens)
     * @return the import, with the source and mapping set
     */
    static Migration.Builder migration(int users) {
        return Migration.fromSource(source(users), mapping()).clock(CLOCK).metrics(false);
    }

    /**
     * @param users how many users
     * @return the generated source, the same for the same count
     */
    static ListSource source(int users) {
        ListSource source = new ListSource(false);
        for (int i = 0; i < users; i++) {
            source.add("users", "u" + i, "email", "user" + i + "@example.com", "created", 1_767_225_600_000L + i);
        }
        for (int i = 0; i < users / 2; i++) {
            source.add("credits", "u" + i, "balance", Long.toString(10 + i), "purchased", Long.toString(20 + i),
                    "used", "10");
            source.add("gmail", "u" + i, "token", "ya29." + i, "user", "u" + i);
        }
        return source;
    }

    static LegacyMapping mapping() {
        return LegacyMapping.builder().namespace("crash")
                .contacts("users", f -> new LegacyContact(ContactDraft.builder(f.required("email", Converters.text())).build(),
                        f.required("created", Converters.epochMillis()), null))
                .accounts("credits", f -> new LegacyAccount(f.legacyId(), f.required("balance", Converters.integer()),
                        f.integer("purchased"), f.integer("used"), null, TotalsRule.REJECT))
                .credentials("gmail", f -> LegacyCredential.of(CredentialDraft.builder(
                        f.reference("user", "users").toString(), "google", f.required("token", Converters.text())).build()),
                        "token")
                .build();
    }
}
