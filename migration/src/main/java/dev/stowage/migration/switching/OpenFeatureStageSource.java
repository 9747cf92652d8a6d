package dev.stowage.migration.switching;

import dev.openfeature.sdk.Client;
import dev.stowage.support.Check;

/**
 * A stage from a string flag of an OpenFeature client, so LaunchDarkly, Unleash, ConfigCat, flagd
 * and the other OpenFeature providers can drive a migration. The flag's value is a stage name
 * ({@code "dual-write"}, {@code "SHADOW"}, ...). Evaluation never throws: an error, a missing flag
 * or a value that names no stage keeps the last known stage (the first is the fallback given).
 * The flag system owns the stage, so changes are not fenced here: move the flag between
 * SHADOW and LIVE only with writes paused, or drive the flip through a {@link SharedStageSource}.
 * Needs {@code dev.openfeature:sdk} on the class path (an optional dependency). Thread-safe.
 * <pre>{@code
 * StageSource contacts = OpenFeatureStageSource.of(OpenFeatureAPI.getInstance().getClient(),
 *         "stowage-contacts-stage", Stage.OFF);
 * }</pre>
 */
public final class OpenFeatureStageSource implements StageSource {

    private final Client client;
    private final String flagKey;
    private volatile Stage last;

    private OpenFeatureStageSource(Client client, String flagKey, Stage fallback) {
        this.client = client;
        this.flagKey = flagKey;
        this.last = fallback;
    }

    /**
     * @param client   an OpenFeature client
     * @param flagKey  the string flag holding the stage
     * @param fallback the stage until the flag first evaluates to one
     * @return the source
     * @throws dev.stowage.exception.ValidationException naming a missing argument
     */
    public static OpenFeatureStageSource of(Client client, String flagKey, Stage fallback) {
        return new OpenFeatureStageSource(Check.required(client, "client"), Check.requiredText(flagKey, "flagKey", 200), Check.required(fallback, "fallback"));
    }

    /**
     * @param flagKey  the string flag holding the stage
     * @param fallback the stage until the flag first evaluates to one
     * @return a source on a client of OpenFeature's global API (the provider the application set there)
     */
    public static OpenFeatureStageSource global(String flagKey, Stage fallback) {
        return of(dev.openfeature.sdk.OpenFeatureAPI.getInstance().getClient(), flagKey, fallback);
    }

    @Override
    public Stage stage() {
        try {
            Stage evaluated = Stage.parse(client.getStringValue(flagKey, last.name()));
            if (evaluated != null) {
                last = evaluated;
            }
        } catch (RuntimeException | LinkageError e) {
            // a provider that throws despite the specification: the last known stage holds
        }
        return last;
    }

    @Override
    public String toString() {
        return "OpenFeatureStageSource[" + flagKey + "=" + last + "]";
    }
}
