package dev.stowage.spring.switching;

import dev.stowage.Stores;
import dev.stowage.exception.StoreConfigurationException;
import dev.stowage.migration.StoreKind;
import dev.stowage.migration.switching.StageController;
import dev.stowage.migration.switching.SwitchingBackend;
import dev.stowage.spi.StoreBackend;
import dev.stowage.spring.StowageAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import java.util.Locale;

/**
 * When stowage-migration is on the class path and the properties move a store
 * ({@code stowage.<store>.migration.to}), exposes the {@link SwitchingBackend} serving it, found
 * below the meters and the cache with {@link StoreBackend#unwrap}, as the bean
 * {@code stowage<Store>SwitchingBackend} ({@code stowageContactsSwitchingBackend}, ...), and, when
 * its stage is changed from code ({@code flag=programmatic} or {@code shared}), its
 * {@link StageController} as {@code stowage<Store>StageController}. Each store moves through a
 * backend of its own, so inject them by name when several stores move. A bean of the same name
 * replaces each. The switching backends are closed with the {@link Stores} bean, not as beans of
 * their own. Their meters ({@code stowage.switching.*}) go to the application's
 * {@code MeterRegistry}, which the starter shares with {@code Stowage.open}; health is reported by
 * the starter's health indicators ({@code stowage.switching-<store>}).
 */
@AutoConfiguration(after = StowageAutoConfiguration.class)
@ConditionalOnClass(SwitchingBackend.class)
@ConditionalOnBean(Stores.class)
public class StowageSwitchingAutoConfiguration {

    /** Creates the configuration; Spring calls this. */
    public StowageSwitchingAutoConfiguration() {
    }

    /**
     * @param stores the stores bean
     * @return the switching backend of the contact store
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMovingStore("contacts")
    @ConditionalOnMissingBean(name = "stowageContactsSwitchingBackend")
    public SwitchingBackend stowageContactsSwitchingBackend(Stores stores) {
        return switching(stores, StoreKind.CONTACTS);
    }

    /**
     * @param stores the stores bean
     * @return the switching backend of the credit store
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMovingStore("credits")
    @ConditionalOnMissingBean(name = "stowageCreditsSwitchingBackend")
    public SwitchingBackend stowageCreditsSwitchingBackend(Stores stores) {
        return switching(stores, StoreKind.CREDITS);
    }

    /**
     * @param stores the stores bean
     * @return the switching backend of the token store
     */
    @Bean(destroyMethod = "")
    @ConditionalOnMovingStore("tokens")
    @ConditionalOnMissingBean(name = "stowageTokensSwitchingBackend")
    public SwitchingBackend stowageTokensSwitchingBackend(Stores stores) {
        return switching(stores, StoreKind.TOKENS);
    }

    /**
     * @param stores the stores bean
     * @return the stage controller of the contact store
     */
    @Bean
    @ConditionalOnMovingStore(value = "contacts", controlled = true)
    @ConditionalOnMissingBean(name = "stowageContactsStageController")
    public StageController stowageContactsStageController(Stores stores) {
        return switching(stores, StoreKind.CONTACTS).controller(StoreKind.CONTACTS);
    }

    /**
     * @param stores the stores bean
     * @return the stage controller of the credit store
     */
    @Bean
    @ConditionalOnMovingStore(value = "credits", controlled = true)
    @ConditionalOnMissingBean(name = "stowageCreditsStageController")
    public StageController stowageCreditsStageController(Stores stores) {
        return switching(stores, StoreKind.CREDITS).controller(StoreKind.CREDITS);
    }

    /**
     * @param stores the stores bean
     * @return the stage controller of the token store
     */
    @Bean
    @ConditionalOnMovingStore(value = "tokens", controlled = true)
    @ConditionalOnMissingBean(name = "stowageTokensStageController")
    public StageController stowageTokensStageController(Stores stores) {
        return switching(stores, StoreKind.TOKENS).controller(StoreKind.TOKENS);
    }

    /**
     * @param stores the stores
     * @param store  a store
     * @return the switching backend serving it, below any decorator
     * @throws StoreConfigurationException if the stores bean does not serve it through one (a
     *     {@code Stores} bean of the application's own that ignores the migration properties)
     */
    static SwitchingBackend switching(Stores stores, StoreKind store) {
        StoreBackend backend = switch (store) {
            case CONTACTS -> stores.contactsBackend();
            case CREDITS -> stores.creditsBackend();
            case TOKENS -> stores.tokensBackend();
        };
        String name = store.name().toLowerCase(Locale.ROOT);
        return backend.unwrap(SwitchingBackend.class).orElseThrow(() -> new StoreConfigurationException(
                "stowage." + name + ".migration.to is set but the Stores bean serves " + name + " from " + backend.name()
                        + ", not through a switching backend; open the Stores bean with Stowage.open or remove the key"));
    }
}
