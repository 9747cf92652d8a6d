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

    /**
     * @return how the backend's token stores must hash refresh tokens, from
     *     {@value dev.stowage.token.RefreshTokenHasher#KEY} (plain SHA-256 without it)
     * @throws dev.stowage.exception.StoreConfigurationException if the key is malformed
     */
    public dev.stowage.token.RefreshTokenHasher refreshTokenHasher() {
        return dev.stowage.token.RefreshTokenHasher.fromConfig(config);
    }
}
