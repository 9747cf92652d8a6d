package dev.stowage.encryption;

import dev.stowage.StowageConfig;
import dev.stowage.exception.StoreConfigurationException;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The {@link KeyProvider} of a configuration: {@value Keyring#KEY_PROVIDER} (a class) or the
 * keys of {@link Keyring#fromConfig}, or none, which leaves credential secrets in clear.
 */
public final class CredentialKeys {

    private CredentialKeys() {
    }

    /**
     * @param config the configuration
     * @return the key provider, or empty if encryption is not configured
     * @throws StoreConfigurationException if both ways are configured, or the provider class
     *     cannot be made
     */
    public static Optional<KeyProvider> fromConfig(StowageConfig config) {
        Optional<String> className = config.get(Keyring.KEY_PROVIDER);
        Optional<Keyring> keyring = Keyring.fromConfig(config);
        if (className.isEmpty()) {
            return keyring.map(KeyProvider.class::cast);
        }
        if (keyring.isPresent()) {
            throw new StoreConfigurationException("configure either " + Keyring.KEY_PROVIDER + " or "
                    + Keyring.KEYS_PREFIX + "<id> with " + Keyring.ACTIVE_KEY + ", not both");
        }
        return Optional.of(instantiate(className.get(), config));
    }

    private static KeyProvider instantiate(String className, StowageConfig config) {
        try {
            ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
                    .orElse(CredentialKeys.class.getClassLoader());
            Class<? extends KeyProvider> type = Class.forName(className, true, loader).asSubclass(KeyProvider.class);
            KeyProvider provider;
            try {
                provider = type.getConstructor(StowageConfig.class).newInstance(config);
            } catch (NoSuchMethodException e) {
                provider = type.getConstructor().newInstance();
            }
            Keyring.checkKeyId(provider.activeKeyId());
            return provider;
        } catch (ClassNotFoundException | ClassCastException e) {
            throw new StoreConfigurationException(Keyring.KEY_PROVIDER + " names '" + className
                    + "', which is not a dev.stowage.encryption.KeyProvider on the class path");
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new StoreConfigurationException(Keyring.KEY_PROVIDER + " class '" + className
                    + "' needs a public constructor taking a StowageConfig, or none");
        } catch (InvocationTargetException e) {
            throw new StoreConfigurationException(Keyring.KEY_PROVIDER + " class '" + className
                    + "' failed to start: " + e.getCause().getClass().getSimpleName());
        }
    }
}
