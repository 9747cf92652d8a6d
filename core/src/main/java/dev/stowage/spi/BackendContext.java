package dev.stowage.spi;

import dev.stowage.StowageConfig;

import java.time.Clock;
import java.util.Objects;

/**
 * What a {@link BackendProvider} gets to open its backend.
 *
 * @param config the configuration as this backend instance sees it; read the backend's own keys
 *               with {@code config.get("stowage." + name() + ".url")} and friends. For a named
 *               instance ({@code stowage.backends.<instance>.type}) its keys
 *               {@code stowage.backends.<instance>.*} appear there in place of
 *               {@code stowage.<name>.*}, so a provider need not know about instances; keys of
 *               other instances are left out
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
