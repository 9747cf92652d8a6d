package dev.stowage.cli;

import picocli.CommandLine.Command;

/**
 * {@code stowage dry-run}: the copy's options; reads and checks everything, writes nothing.
 */
@Command(name = "dry-run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Read and check everything a copy would, write nothing (not even checkpoints): what would be "
                + "written, skipped and rejected, and an estimated duration. Takes the options of copy.",
                "Exit 0 when nothing would be rejected, 1 otherwise, 2 on a usage error, 3 when a server does not answer."})
final class DryRunCommand extends CopyCommand {

    @Override
    boolean dryRun() {
        return true;
    }
}
