package dev.stowage.spi;

import dev.stowage.StowageConfig;

import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link BackendProvider} gets to open its backend.
 *
 * @param config the whole configuration; read the backend's own keys with
 *               {@code config.get("stowage." + name() + ".url")} and friends
 * @param clock  the clock every store must take its timestamps and expiry decisions from
 */
public record BackendContext(StowageConfig config, Clock clock) {

    /**
     * @throws NullPointerException if an argument is missing
     */
    public BackendContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
    }
}
