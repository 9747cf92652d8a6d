package dev.stowage.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --on} and {@code --on-config}: the one backend a command works on (health, purge-expired,
 * reencrypt, stage, repair), a picocli mixin so that every such command names and reads them alike.
 */
final class OneBackendOptions {

    @Option(names = "--on", paramLabel = "BACKEND",
            description = "The backend: memory, postgres or redis (default: stowage.backend of --on-config).")
    String backend;

    @Option(names = "--on-config", paramLabel = "FILE",
            description = "Its own stowage.* properties file; for stage and repair the application's, with its "
                    + "migration keys, for reencrypt with its keyring.")
    List<Path> config = new ArrayList<>();
}
