package dev.stowage.readme;

import dev.stowage.Stores;
import dev.stowage.contact.Contact;
import dev.stowage.contact.ContactDraft;
import dev.stowage.spring.StowageAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.stereotype.Service;

import static org.assertj.core.api.Assertions.assertThat;

/** The Spring Boot snippet of README.md, as written: a service the starter's Stores bean is injected into. */
class SpringBootReadmeTest {

    @Test
    void a_service_gets_the_stores_bean_of_the_starter() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class))
                .withUserConfiguration(Signups.class)
                .run(context -> {
                    Contact ada = context.getBean(Signups.class).signUp("ada@example.com");
                    assertThat(context.getBean(Stores.class).contacts().get(ada.id())).contains(ada);
                });
    }
}

// README README.md
@Service
class Signups {
    private final Stores stores;

    Signups(Stores stores) {
        this.stores = stores;
    }

    Contact signUp(String email) {
        return stores.contacts().create(ContactDraft.builder(email).build());
    }
}
// END README
