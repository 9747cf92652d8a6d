package dev.stowage.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The legacy sources' options given wrongly: exit 2 before anything is opened, with a message
 * naming the option to add or remove, for {@code copy} and {@code dry-run} alike.
 */
class LegacySourceUsageTest {

    @TempDir
    static Path dir;

    static Stream<Arguments> mistakes() {
        return Stream.of(
                arguments("copy --from sqlite --mapping M --to memory",
                        "--from sqlite needs --mapping FILE and --sqlite-file FILE"),
                arguments("dry-run --from sqlite --sqlite-file DB --to memory",
                        "--from sqlite needs --mapping FILE and --sqlite-file FILE"),
                arguments("copy --from memory --sqlite-file DB --to memory",
                        "--sqlite-file is for --from sqlite, not --from memory"),
                arguments("copy --sqlite-file DB --mapping M --to memory",
                        "--sqlite-file is for --from sqlite, not a copy without --from"),
                arguments("copy --from jsonl --source-file users.jsonl --sqlite-file DB --mapping M --to memory",
                        "--sqlite-file is for --from sqlite, not --from jsonl"),
                arguments("copy --from redis-keys --redis-uri redis://127.0.0.1:1 --redis-pattern p: --sqlite-table t"
                        + " --mapping M --to memory", "--sqlite-table is for --from sqlite, not --from redis-keys"),
                arguments("copy --from sqlite --sqlite-file MISSING --mapping M --to memory",
                        "--sqlite-file " + dir.resolve("missing.db") + " is not a readable file"),
                arguments("copy --from sqlite --sqlite-file DB --mapping M --from-config M --to memory",
                        "--from-config and the --from-<backend>-* flags configure a Stowage backend"),
                arguments("copy --from sqlite --sqlite-file DB --mapping M --from-postgres-schema s --to memory",
                        "--from-config and the --from-<backend>-* flags configure a Stowage backend"),
                arguments("copy --from redis-keys --redis-pattern p: --mapping M --to memory",
                        "--from redis-keys needs --mapping FILE, --redis-uri URI (or STOWAGE_LEGACY_REDIS_URI) and at least one --redis-pattern"),
                arguments("dry-run --from redis-keys --redis-uri redis://127.0.0.1:1 --to memory",
                        "--from redis-keys needs --mapping FILE, --redis-uri URI (or STOWAGE_LEGACY_REDIS_URI) and at least one --redis-pattern"),
                arguments("copy --from sqlite --sqlite-file DB --redis-uri redis://127.0.0.1:1 --mapping M --to memory",
                        "--redis-uri is for --from redis-keys, not --from sqlite"),
                arguments("copy --from postgres --redis-pattern p: --to memory",
                        "--redis-pattern is for --from redis-keys, not --from postgres"),
                arguments("copy --from jsonl --source-file users.jsonl --redis-scan-count 5 --mapping M --to memory",
                        "--redis-scan-count is for --from redis-keys, not --from jsonl"),
                arguments("copy --from redis-keys --redis-uri redis://127.0.0.1:1 --redis-pattern hash:a*b --mapping M"
                        + " --to memory", "--redis-pattern takes [json:|hash:]PREFIX"),
                arguments("copy --from redis-keys --redis-uri redis://127.0.0.1:1 --redis-pattern json: --mapping M"
                        + " --to memory", "--redis-pattern takes [json:|hash:]PREFIX"),
                arguments("copy --from redis-keys --redis-uri redis://127.0.0.1:1 --redis-pattern p: --redis-scan-count 0"
                        + " --mapping M --to memory", "--redis-scan-count must be between 1 and 100000"),
                arguments("copy --from redis-keys --redis-uri redis://127.0.0.1:1 --redis-pattern p: --redis-timeout soon"
                        + " --mapping M --to memory", "'soon' is not a duration"),
                arguments("copy --from sqlite --sqlite-file DB --mapping M --id-field key --to memory",
                        "--id-field is for --from jsonl, not --from sqlite"),
                arguments("copy --from memory --mapping M --to memory",
                        "--mapping is for --from jsonl, sqlite or redis-keys, not --from memory"));
    }

    @Test
    void theHelpOfCopyAndDryRunDescribesEveryLegacySource() {
        for (String command : List.of("copy", "dry-run")) {
            Cli.Result help = Cli.run(List.of(command, "--help"));

            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("jsonl").contains("sqlite").contains("redis-keys")
                    .contains("--sqlite-file=FILE").contains("--sqlite-table=TABLE").contains("--redis-uri=URI")
                    .contains("--redis-pattern=[json:|hash:]PREFIX").contains("--redis-scan-count=N")
                    .contains("--redis-timeout=DURATION").contains("--source-file=[COLLECTION=]FILE");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void exitsTwoNamingTheOption(String line, String message) throws Exception {
        Path database = Files.write(dir.resolve("crm.db"), new byte[0]);
        Path mapping = Files.writeString(dir.resolve("mapping.json"), "{}");
        List<String> args = new ArrayList<>();
        for (String word : line.split(" ")) {
            args.add(switch (word) {
                case "DB" -> database.toString();
                case "MISSING" -> dir.resolve("missing.db").toString();
                case "M" -> mapping.toString();
                default -> word;
            });
        }
        args.addAll(Arrays.asList("--state-dir", dir.resolve("state").toString()));

        Cli.Result result = Cli.run(args);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).as(result.toString()).contains(message)
                .contains("Run 'stowage " + args.get(0) + " --help'");
        assertThat(dir.resolve("state")).doesNotExist();
    }
}
