package dev.stowage.migration;

/**
 * A run was resumed with a configuration (source, target, stores, tenants) other than the one it
 * was started with, so its checkpoints do not describe the copy being asked for. Nothing was
 * read or written. Either rerun with the original configuration, choose a new run id, or
 * resume anyway with {@code force(true)}.
 */
public class RunConfigurationChangedException extends MigrationException {

    private final String stored;
    private final String requested;

    /**
     * @param runId     the run
     * @param stored    the configuration the run was started with, as text
     * @param requested the configuration of this attempt, as text
     */
    public RunConfigurationChangedException(String runId, String stored, String requested) {
        super("run '" + runId + "' was started with " + stored + " but is resumed with " + requested
                + "; rerun with the original configuration, choose another run id, or pass force(true) to resume "
                + "anyway (kept: the progress of the stores and tenants still configured)");
        this.stored = stored;
        this.requested = requested;
    }

    /**
     * @return the stored configuration, as text
     */
    public String storedConfiguration() {
        return stored;
    }

    /**
     * @return the configuration of the refused attempt, as text
     */
    public String requestedConfiguration() {
        return requested;
    }
}
