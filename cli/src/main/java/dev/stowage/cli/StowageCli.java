package dev.stowage.cli;

import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.exception.StoreTimeoutException;
import dev.stowage.exception.StoreUnavailableException;
import dev.stowage.exception.ValidationException;
import dev.stowage.migration.RunConfigurationChangedException;
import dev.stowage.support.Secrets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The {@code stowage} command. Run without arguments for the list of commands, and
 * {@code stowage <command> --help} for each one's options.
 * <p>
 * Exit codes: 0 done and everything checked out; 1 mismatches, rejects, invalid or truncated
 * data, or another failure of the work; 2 the command line or configuration cannot work; 3 a
 * server did not answer; 130 stopped by Ctrl-C after the current batch (the same command resumes).
 */
@Command(name = "stowage", mixinStandardHelpOptions = true, versionProvider = StowageCli.Version.class,
        description = "Copy, verify, back up and restore Stowage stores between backends, and drive online migrations.",
        subcommands = {CopyCommand.class, DryRunCommand.class, VerifyCommand.class, ExportCommand.class,
                ImportCommand.class, PurgeExpiredCommand.class, ReencryptCommand.class, HealthCommand.class,
                StageCommand.class, RepairCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 mismatches or rejects (or another failure), 2 usage, 3 a server did not "
                + "answer, 130 stopped by Ctrl-C (rerun the same command to resume).",
                "Options come from flags, --config files and STOWAGE_* variables; see the README's "
                        + "\"Command-line tool\"."})
public final class StowageCli implements Runnable {

    /** Flag values that follow these options are secret: never echoed in an error. */
    private static final Pattern SECRET_OPTION = Pattern.compile("(?i)--[a-z0-9-]*(password|secret|key)[a-z0-9-]*");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private StowageCli() {
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * Runs the command line and exits with its code. On Ctrl-C (SIGINT, SIGTERM) the running work
     * stops after its current batch, with its checkpoint written, before the process exits.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        CliContext context = new CliContext(System.out, System.err, System.getenv(), System.console() != null);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (finished.getCount() > 0) {
                context.requestStop();
                try {
                    finished.await(2, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "stowage-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = run(args, context);
        finished.countDown();
        if (!context.stopRequested()) {
            System.exit(code);
        }
    }

    /**
     * Runs a command line with the given streams and environment, without exiting (for tests
     * and embedding).
     *
     * @param args    the command line
     * @param context the streams, environment and stop hook
     * @return the exit code
     */
    static int run(String[] args, CliContext context) {
        CommandLine line = commandLine(context);
        List<String> argumentSecrets = secretArguments(args);
        line.setParameterExceptionHandler((failure, arguments) -> {
            PrintStream err = context.err;
            err.println("error: " + Secrets.mask(failure.getMessage(), argumentSecrets));
            CommandLine failed = failure.getCommandLine();
            err.println("Run '" + failed.getCommandSpec().qualifiedName() + " --help' for the options.");
            return StowageCommand.USAGE;
        });
        line.setExecutionExceptionHandler((failure, failedLine, parsed) -> {
            List<String> secrets = new ArrayList<>(argumentSecrets);
            if (failedLine.getCommand() instanceof StowageCommand command) {
                secrets.addAll(command.secrets());
            }
            int code = exitCodeOf(failure);
            String message = Secrets.mask(messageOf(failure), secrets);
            if (code == StowageCommand.STOPPED) {
                context.err.println("stopped: " + message + "; run the same command again to resume");
            } else {
                context.err.println("error: " + message);
                if (code == StowageCommand.USAGE) {
                    context.err.println("Run '" + failedLine.getCommandSpec().qualifiedName() + " --help' for the options.");
                }
            }
            return code;
        });
        int code = line.execute(args);
        return context.stopRequested() && code != StowageCommand.USAGE ? StowageCommand.STOPPED : code;
    }

    private static CommandLine commandLine(CliContext context) {
        CommandLine line = new CommandLine(new StowageCli());
        line.setOut(new java.io.PrintWriter(context.out, true));
        line.setErr(new java.io.PrintWriter(context.err, true));
        for (CommandLine sub : line.getSubcommands().values()) {
            StowageCommand command = sub.getCommand();
            command.bind(context);
            if (command instanceof CopyCommand || command instanceof VerifyCommand) {
                BackendFlags.addTo(sub.getCommandSpec(), "from");
                BackendFlags.addTo(sub.getCommandSpec(), "to");
            } else if (command instanceof ExportCommand) {
                BackendFlags.addTo(sub.getCommandSpec(), "from");
            } else if (command instanceof ImportCommand) {
                BackendFlags.addTo(sub.getCommandSpec(), "to");
            } else {
                BackendFlags.addTo(sub.getCommandSpec(), "on");
            }
        }
        return line;
    }

    /** The values given to secret-looking options, as {@code --x-password=v} or {@code --x-password v}. */
    private static List<String> secretArguments(String[] args) {
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (SECRET_OPTION.matcher(name).matches()) {
                if (equals > 0) {
                    secrets.add(arg.substring(equals + 1));
                } else if (i + 1 < args.length) {
                    secrets.add(args[i + 1]);
                }
            }
        }
        return secrets;
    }

    /**
     * @param failure what a command threw
     * @return its exit code: 130 stopped, 3 unavailable anywhere in the causes, 2 usage or
     *     configuration, 1 anything else
     */
    static int exitCodeOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoppableCheckpoints.Stopped) {
                return StowageCommand.STOPPED;
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoreUnavailableException || cause instanceof StoreTimeoutException) {
                return StowageCommand.UNAVAILABLE;
            }
        }
        if (failure instanceof CliUsageException || failure instanceof StoreConfigurationException
                || failure instanceof RunConfigurationChangedException || failure instanceof ValidationException) {
            return StowageCommand.USAGE;
        }
        return StowageCommand.FAILED;
    }

    private static String messageOf(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof StoppableCheckpoints.Stopped) {
                return cause.getMessage();
            }
        }
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }

    /** The version from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = StowageCli.class.getResourceAsStream("/stowage-cli.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {"stowage " + properties.getProperty("version", "(unknown version)")};
        }
    }
}
